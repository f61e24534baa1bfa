/**
 * The spending of one run tree, shared by the root and every child. Each model call reserves its worst case (the
 * prompt's tokens plus its output cap, priced) before it is sent and settles to the real usage after, so calls in
 * flight at the same time cannot together pass `maxTokens` or `maxCostUsd`: the tree never spends past a limit.
 */
import type { TokenUsage } from '../llm/llmClient';
import type { ModelPrice } from '../llm/pricing';
import type { RunLimits } from './runLimits';
import type { LimitKind, RunTotals } from './runEvents';
import { SubCallQueue } from './subCallQueue';

/** A guardrail was reached; ends the run (the sandbox does not let model code catch it). */
export class BudgetExceededError extends Error {
  readonly stopsRun = true as const;
  constructor(
    readonly limit: LimitKind,
    readonly detail: string,
  ) {
    super(`${detail}; the run stops here and answers with what it has`);
    this.name = 'BudgetExceededError';
  }
}

/** What a call may cost at most, known before it is sent. */
export interface SpendRequest {
  /** Tokens of the prompt (a local estimate that leans high). */
  inputTokens: number;
  /** The output cap the call asks for. */
  maxOutputTokens: number;
  /** The model's price; undefined when unpriced (then only tokens are reserved). */
  price: ModelPrice | undefined;
}

/** The room held for one call; settle it with the real usage, or release it when the call failed. */
export interface Reservation {
  /** The output cap to send: the one asked for, or less when only that much still fits. */
  readonly maxOutputTokens: number;
  settle(usage: TokenUsage, costUsd: number | undefined): void;
  release(): void;
}

/** A call whose output cap would have to shrink below this is refused instead: its answer would be cut to nothing. */
export const minUsefulOutputTokens = 256;

/** Float sums of prices (0.1 + 0.2) must not refuse a call that fits exactly. */
const costEpsilon = 1e-12;

export class Budget {
  readonly totals: RunTotals = { inputTokens: 0, outputTokens: 0, costUsd: 0, costComplete: true, subCalls: 0 };
  /** Sub-calls of the whole tree wait here for one of `concurrency` slots. */
  readonly queue: SubCallQueue;
  private childRuns = 0;
  private reservedTokens = 0;
  private reservedUsd = 0;
  private stopError: BudgetExceededError | undefined;

  private readonly onChange: ((totals: RunTotals) => void) | undefined;

  /**
   * `signal` is the tree's own (cancel, timeout): when it aborts, queued sub-calls are dropped at once. `onChange`
   * hears every change of the totals (a copy), so views show the numbers the run ends with, not a sum of their own.
   */
  constructor(
    readonly limits: RunLimits,
    options: { concurrency: number; signal?: AbortSignal; onChange?: (totals: RunTotals) => void },
  ) {
    this.queue = new SubCallQueue(options.concurrency);
    this.onChange = options.onChange;
    const signal = options.signal;
    if (signal) {
      if (signal.aborted) this.queue.stop(signal.reason);
      else signal.addEventListener('abort', () => this.queue.stop(signal.reason), { once: true });
    }
  }

  /** Sub-calls the tree may still start. */
  subCallsLeft(): number {
    return this.stopError ? 0 : Math.max(0, this.limits.maxSubCalls - this.totals.subCalls);
  }

  /** Call before each sub-call is queued: counts it, or throws (and stops the tree) when the allowance is used. */
  reserveSubCall(): void {
    if (this.stopError) throw this.stopError;
    if (this.totals.subCalls >= this.limits.maxSubCalls) {
      this.stop(
        new BudgetExceededError('max-sub-calls', `the run made its ${this.limits.maxSubCalls} allowed sub-calls`),
      );
    }
    this.totals.subCalls++;
    this.changed();
  }

  /**
   * Call before an `rlm()` child run waits for its slot: child runs are counted apart from sub-model calls (the
   * totals count those) but within the same allowance, so a fan-out of children is bounded like one of sub-calls.
   */
  reserveChildRun(): void {
    if (this.stopError) throw this.stopError;
    if (this.childRuns >= this.limits.maxSubCalls) {
      this.stop(
        new BudgetExceededError('max-sub-calls', `the run started its ${this.limits.maxSubCalls} allowed child runs`),
      );
    }
    this.childRuns++;
  }

  /** A child run that never started gives its count back. */
  releaseChildRun(): void {
    this.childRuns = Math.max(0, this.childRuns - 1);
  }

  /** A counted sub-call that was never sent (refused, dropped, cancelled while queued) gives its count back. */
  releaseSubCall(): void {
    this.totals.subCalls = Math.max(0, this.totals.subCalls - 1);
    this.changed();
  }

  /**
   * Holds room for one call's worst case. When the full output cap does not fit but at least
   * `minUsefulOutputTokens` do, the cap shrinks to what fits; otherwise the call is refused with the limit it would
   * pass, and the tree stops: queued sub-calls are dropped.
   */
  reserve(request: SpendRequest): Reservation {
    const { inputTokens, price } = request;
    const usedTokens = this.totals.inputTokens + this.totals.outputTokens + this.reservedTokens;
    const tokenRoom = this.limits.maxTokens - usedTokens - inputTokens;
    let maxOutputTokens = Math.min(request.maxOutputTokens, tokenRoom);
    let limit: LimitKind = 'max-tokens';
    if (price) {
      const usdRoom =
        this.limits.maxCostUsd -
        this.totals.costUsd -
        this.reservedUsd -
        (inputTokens * price.inputUsdPerMillion) / 1e6 +
        costEpsilon;
      const fitsByCost =
        price.outputUsdPerMillion > 0
          ? Math.floor((usdRoom * 1e6) / price.outputUsdPerMillion)
          : usdRoom >= 0
            ? Infinity
            : -1;
      if (fitsByCost < maxOutputTokens) {
        maxOutputTokens = fitsByCost;
        limit = 'max-cost';
      }
    }
    if (maxOutputTokens < request.maxOutputTokens && maxOutputTokens < minUsefulOutputTokens)
      this.stop(this.refusal(limit, request));
    const tokens = inputTokens + maxOutputTokens;
    const usd = price
      ? (inputTokens * price.inputUsdPerMillion + maxOutputTokens * price.outputUsdPerMillion) / 1e6
      : 0;
    this.reservedTokens += tokens;
    this.reservedUsd += usd;
    let open = true;
    const free = (): void => {
      if (!open) return;
      open = false;
      this.reservedTokens -= tokens;
      this.reservedUsd -= usd;
    };
    return {
      maxOutputTokens,
      settle: (usage, costUsd) => {
        if (!open) return;
        free();
        this.charge(usage, costUsd);
      },
      release: free,
    };
  }

  snapshot(): RunTotals {
    return { ...this.totals };
  }

  private charge(usage: TokenUsage, costUsd: number | undefined): void {
    this.totals.inputTokens += usage.inputTokens;
    this.totals.outputTokens += usage.outputTokens;
    if (costUsd === undefined) this.totals.costComplete = false;
    else this.totals.costUsd += costUsd;
    this.changed();
  }

  private changed(): void {
    this.onChange?.(this.snapshot());
  }

  private refusal(limit: LimitKind, request: SpendRequest): BudgetExceededError {
    const inFlight = (amount: string): string =>
      this.queue.inFlight > 0 ? ` (${amount} of it held by ${this.queue.inFlight} call(s) in flight)` : '';
    const worstCase = `the next call needs room for its ${request.inputTokens}-token prompt and at least ${Math.min(request.maxOutputTokens, minUsefulOutputTokens)} answer tokens`;
    if (limit === 'max-cost') {
      const spent = this.totals.costUsd + this.reservedUsd;
      return new BudgetExceededError(
        'max-cost',
        `the run has spent or committed $${spent.toFixed(4)} of $${this.limits.maxCostUsd}${inFlight(`$${this.reservedUsd.toFixed(4)}`)} and ${worstCase}`,
      );
    }
    const used = this.totals.inputTokens + this.totals.outputTokens + this.reservedTokens;
    return new BudgetExceededError(
      'max-tokens',
      `the run has used or committed ${used} of ${this.limits.maxTokens} tokens${inFlight(`${this.reservedTokens}`)} and ${worstCase}`,
    );
  }

  /** A limit was reached: no further sub-call starts, and those waiting for a slot are rejected now. */
  private stop(error: BudgetExceededError): never {
    this.stopError ??= error;
    this.queue.stop(error);
    throw error;
  }
}
