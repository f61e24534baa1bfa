// The RLM loop: the engine, its limits and budget, events, the run tree and the run log.
export { quickJsRepl, RlmEngine } from './rlmEngine';
export type { EngineRepl, ReplFactory, RlmEngineDependencies, RlmSession, RunOptions, RunResult } from './rlmEngine';
export { askQuestion, outcomeOf } from './questionService';
export type { QuestionClients, QuestionOutcome, QuestionRequest, QuestionRun } from './questionService';
export { Conversation } from './conversation';
export { defaultRunLimits } from './runLimits';
export type { RunLimits } from './runLimits';
export { Budget, BudgetExceededError } from './budget';
export type { LimitKind, RunEvent, RunEventSink, RunEventType, RunTotals, StopReason } from './runEvents';
export { costText, RunTree } from './runTree';
export type { IterationStep, RenderOptions, RunNode } from './runTree';
export { jsonlRunLog, readRunLog } from './runLog';
export { describeWorkspace } from './workspaceOverview';
export { AnswerStream } from './answerStream';
export { answerFromReply, finalAnswerSoFar, parseModelReply, type FinalStatement, type ModelReply } from './modelReply';
export { emptyUsage, firstLine, RecursionTree, stateOfReason } from './recursionTree';
export type { NodeDetail, NodeUsage, RecursionNode, RecursionNodeKind, RecursionNodeState, TreeChange } from './recursionTree';
export { buildTimeline, timelineOf } from './runTimeline';
