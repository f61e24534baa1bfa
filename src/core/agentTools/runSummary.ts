import type { RunResult } from '../engine/rlmEngine';

/**
 * "3 iteration(s), 5 sub-call(s), 12000 tokens, $0.0123, 4.2 s": what a run used, in the words the CLI, the MCP
 * server and the VS Code tool all print, so a figure reads the same wherever the user meets it.
 */
export function runTotalsText(result: RunResult): string {
  const t = result.totals;
  return `${result.iterations} iteration(s), ${t.subCalls} sub-call(s), ${t.inputTokens + t.outputTokens} tokens, ${runCostText(t)}, ${(result.durationMs / 1000).toFixed(1)} s`;
}

/** "$0.0123"; "≥ $0.0123" when a model without a price took part; "cost unknown" when no call had a price. */
export function runCostText({ costUsd, costComplete }: { costUsd: number; costComplete: boolean }): string {
  return costComplete ? `$${costUsd.toFixed(4)}` : costUsd > 0 ? `≥ $${costUsd.toFixed(4)}` : 'cost unknown';
}
