// `rlm eval`: questions with checkable answers from the symbol index or a file, runs in several modes, scores and reports.
export type { EvalMode, EvalOutput, EvalQuestion, EvalResult, Expectation, LineRange, ModeSummary, QuestionKind } from './evalTypes';
export { evalModes, generatedKinds } from './evalTypes';
export { generateQuestions, type GenerateOptions, type QuestionSource } from './generateQuestions';
export { parseQuestionsFile, type ParsedQuestionsFile, type QuestionsFileLineError } from './questionsFile';
export { scoreAnswer, namedFiles, correctF1, type Score } from './scoreAnswer';
export { packWorkspace, type DirectContext } from './directContext';
export { runEvalQuestion, directSystemPrompt, type EvalRunDependencies } from './runEvalQuestion';
export { runEval, resultKey, type EvalProgress, type EvalRun, type RunEvalOptions } from './runEval';
export { evalOutput, summarize } from './evalSummary';
export { accuracyCostSvg, evalReportMarkdown, escapeXml, type ReportNotes } from './evalReport';
