/**
 * Guardrails of one run, enforced across its whole tree of child runs. Defaults live here and only here.
 */
export interface RunLimits {
  /** Root-model turns per run (each child run has its own count). */
  maxIterations: number;
  /** Deepest child run; `rlm()` at this depth falls back to a plain sub-call. */
  maxDepth: number;
  /** Sub-model calls across the whole tree. */
  maxSubCalls: number;
  /** Input + output tokens across the whole tree. */
  maxTokens: number;
  /** USD across the whole tree (calls to unpriced models count as 0 and make the total a lower bound). */
  maxCostUsd: number;
  /** Wall clock for the whole run, children included. */
  timeoutMs: number;
  /** Characters of REPL output fed back to the model per code block. */
  outputCharsToModel: number;
  /** Output tokens of each model call. */
  maxTokensPerCall: number;
}

export const defaultRunLimits: Readonly<RunLimits> = {
  maxIterations: 12,
  maxDepth: 1,
  maxSubCalls: 64,
  maxTokens: 1_000_000,
  maxCostUsd: 1,
  timeoutMs: 10 * 60_000,
  outputCharsToModel: 4_000,
  maxTokensPerCall: 4_096,
};
