/** The per-mode summary of an evaluation and its `--out` JSON, in exactly the documented shape. */
import type { EvalMode, EvalOutput, EvalQuestion, EvalResult, ModeSummary } from './evalTypes';

function summarize(results: readonly EvalResult[], modes: readonly EvalMode[]): EvalOutput['summary'] {
  const summary: EvalOutput['summary'] = {};
  for (const mode of modes) {
    const own = results.filter((r) => r.mode === mode);
    if (own.length === 0) continue;
    summary[mode] = modeSummary(own);
  }
  return summary;
}

function modeSummary(results: readonly EvalResult[]): ModeSummary {
  const mean = (pick: (r: EvalResult) => number): number =>
    results.reduce((sum, r) => sum + pick(r), 0) / results.length;
  const durations = results.map((r) => r.durationMs).sort((a, b) => a - b);
  const middle = Math.floor(durations.length / 2);
  return {
    accuracy: round(results.filter((r) => r.correct).length / results.length),
    meanScore: round(mean((r) => r.score)),
    meanInputTokens: round(mean((r) => r.inputTokens)),
    meanOutputTokens: round(mean((r) => r.outputTokens)),
    costUsd: round(
      results.reduce((sum, r) => sum + r.costUsd, 0),
      6,
    ),
    p50DurationMs:
      durations.length % 2 ? durations[middle] : Math.round((durations[middle - 1] + durations[middle]) / 2),
  };
}

function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The `--out` document: only the documented fields, in their order. */
export function evalOutput(
  questions: readonly EvalQuestion[],
  results: readonly EvalResult[],
  modes: readonly EvalMode[],
): EvalOutput {
  return {
    questions: questions.map(({ id, kind, question, expect }) => ({ id, kind, question, expect })),
    results: results.map(
      ({ questionId, mode, correct, score, answer, inputTokens, outputTokens, costUsd, durationMs, iterations }) => ({
        questionId,
        mode,
        correct,
        score,
        answer,
        inputTokens,
        outputTokens,
        costUsd,
        durationMs,
        iterations,
      }),
    ),
    summary: summarize(results, modes),
  };
}
