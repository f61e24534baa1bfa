/**
 * Runs every question in every mode, one at a time, reporting progress; a cancelled evaluation returns what
 * finished so it can still be written out.
 */
import type { EvalMode, EvalQuestion, EvalResult } from './evalTypes';
import { runEvalQuestion, type EvalRunDependencies } from './runEvalQuestion';

export interface EvalProgress {
  /** 1-based question number and the mode now running. */
  question: number;
  questions: number;
  mode: EvalMode;
  /** Results so far and how many were correct. */
  done: number;
  correct: number;
}

export interface EvalRun {
  results: EvalResult[];
  /** The engine's run id per result (`questionId/mode`), for opening a run in the Recursion Tree. */
  runIds: Map<string, string>;
  cancelled: boolean;
}

export interface RunEvalOptions {
  modes: readonly EvalMode[];
  signal: AbortSignal;
  onProgress?: (progress: EvalProgress) => void;
  onResult?: (result: EvalResult, runId: string | undefined) => void;
}

export function resultKey(questionId: string, mode: EvalMode): string {
  return `${questionId}/${mode}`;
}

export async function runEval(
  questions: readonly EvalQuestion[],
  deps: EvalRunDependencies,
  options: RunEvalOptions,
): Promise<EvalRun> {
  const results: EvalResult[] = [];
  const runIds = new Map<string, string>();
  for (const [index, question] of questions.entries()) {
    for (const mode of options.modes) {
      if (options.signal.aborted) return { results, runIds, cancelled: true };
      options.onProgress?.({
        question: index + 1,
        questions: questions.length,
        mode,
        done: results.length,
        correct: results.filter((r) => r.correct).length,
      });
      const started = Date.now();
      let outcome: { result: EvalResult; runId?: string };
      try {
        outcome = await runEvalQuestion(question, mode, deps, options.signal);
      } catch (error) {
        // A run cut short by Ctrl+C is not a result; one that failed is, scored 0, with why in its answer.
        if (options.signal.aborted) return { results, runIds, cancelled: true };
        const message = error instanceof Error ? error.message : String(error);
        outcome = {
          result: {
            questionId: question.id,
            mode,
            correct: false,
            score: 0,
            answer: `[the run failed: ${message}]`,
            inputTokens: 0,
            outputTokens: 0,
            costUsd: 0,
            durationMs: Date.now() - started,
            iterations: 0,
          },
        };
      }
      results.push(outcome.result);
      if (outcome.runId) runIds.set(resultKey(question.id, mode), outcome.runId);
      options.onResult?.(outcome.result, outcome.runId);
    }
  }
  return { results, runIds, cancelled: false };
}
