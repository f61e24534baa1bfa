/**
 * The spending of one run tree: shared by the root and every child, checked before and charged after each call.
 */
import type { TokenUsage } from '../llm/llmClient';
import type { RunLimits } from './runLimits';
import type { LimitKind, RunTotals } from './runEvents';

/** A guardrail was reached; ends the run (the sandbox does not let model code catch it). */
export class BudgetExceededError extends Error {
  readonly stopsRun = true as const;
  constructor(readonly limit: LimitKind, readonly detail: string) {
    super(`${detail}; the run stops here and answers with what it has`);
    this.name = 'BudgetExceededError';
  }
}

export class Budget {
  readonly totals: RunTotals = { inputTokens: 0, outputTokens: 0, costUsd: 0, costComplete: true, subCalls: 0 };

  constructor(readonly limits: RunLimits) {}

  /** Call before each sub-call: counts it, or throws when the tree has used its allowance. */
  reserveSubCall(): void {
    if (this.totals.subCalls >= this.limits.maxSubCalls) {
      throw new BudgetExceededError('max-sub-calls', `the run made its ${this.limits.maxSubCalls} allowed sub-calls`);
    }
    this.totals.subCalls++;
  }

  /** Call before each model call: throws when tokens or cost are already spent. */
  assertCanSpend(): void {
    const tokens = this.totals.inputTokens + this.totals.outputTokens;
    if (tokens >= this.limits.maxTokens) throw new BudgetExceededError('max-tokens', `the run used ${tokens} of ${this.limits.maxTokens} tokens`);
    if (this.totals.costUsd >= this.limits.maxCostUsd) {
      throw new BudgetExceededError('max-cost', `the run spent $${this.totals.costUsd.toFixed(4)} of $${this.limits.maxCostUsd}`);
    }
  }

  charge(usage: TokenUsage, costUsd: number | undefined): void {
    this.totals.inputTokens += usage.inputTokens;
    this.totals.outputTokens += usage.outputTokens;
    if (costUsd === undefined) this.totals.costComplete = false;
    else this.totals.costUsd += costUsd;
  }

  snapshot(): RunTotals {
    return { ...this.totals };
  }
}
