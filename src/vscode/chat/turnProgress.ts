import type { RunActivity, RunState } from '../../core/engine/runState';
import type { RunLimits } from '../../core/engine/runLimits';
import type { ChatMeter, ChatProgress, ChatRateLimitAsk } from '../../core/protocol/chatProtocol';

const maxQuestionShown = 60;

const waitActivity = {
  'rate-limit': 'rate limited: the endpoint asks to wait',
  retry: 'the endpoint failed: trying again shortly',
} as const;

/**
 * The live progress strip and meter of one turn, read from the run's state (its totals are the budget's own). Adds
 * what the events do not carry: the limits, the endpoint's retry waits and the models without a price.
 */
export class TurnProgress {
  private waitUntil: number | undefined;
  private waitKind: 'rate-limit' | 'retry' = 'retry';
  /** The state's model output count when the wait began: the next piece of output ends the wait. */
  private waitFrom = 0;
  private rateLimitAsk: ChatRateLimitAsk | undefined;
  private unpricedModels: string[] = [];

  constructor(
    private readonly state: RunState,
    private readonly limits: Pick<RunLimits, 'maxIterations' | 'maxTokens' | 'maxCostUsd'>,
    private readonly startedAt: number,
  ) {}

  /** The run's models without a price, known once the clients are resolved: the meter says the cost limit cannot apply. */
  unpriced(models: readonly string[]): void {
    this.unpricedModels = [...models];
  }

  /** A model call is waiting before its next attempt: `status` 429 is a rate limit, anything else a failure. */
  retrying(delayMs: number, status?: number): void {
    this.waitUntil = Date.now() + delayMs;
    this.waitKind = status === 429 ? 'rate-limit' : 'retry';
    this.waitFrom = this.state.modelOutputs;
  }

  /** The run waits for the person to agree to a rate limit's wait (or no longer does). */
  askingToWait(ask: ChatRateLimitAsk | undefined): void {
    this.rateLimitAsk = ask;
  }

  progress(): ChatProgress {
    const { state } = this;
    const waiting = this.waitUntil !== undefined && state.modelOutputs === this.waitFrom;
    const running = activityText(state.activity);
    const activity =
      state.subCallsInFlight > 0 && state.activity.kind === 'code'
        ? `sub-calls (${state.subCallsInFlight} running)`
        : running;
    return {
      iteration: state.iteration,
      maxIterations: this.limits.maxIterations,
      activity: waiting ? waitActivity[this.waitKind] : activity,
      subCallsInFlight: state.subCallsInFlight,
      subCallsDone: state.subCallsDone,
      childRuns: state.childRuns,
      elapsedMs: Date.now() - this.startedAt,
      ...(waiting && this.waitUntil !== undefined ? { waitUntil: this.waitUntil, waitKind: this.waitKind } : {}),
      ...(this.rateLimitAsk ? { rateLimitAsk: this.rateLimitAsk } : {}),
    };
  }

  meter(): ChatMeter {
    const { inputTokens, outputTokens, costUsd, costComplete } = this.state.totals;
    return {
      inputTokens,
      outputTokens,
      costUsd,
      costComplete,
      maxTokens: this.limits.maxTokens,
      maxCostUsd: this.limits.maxCostUsd,
      ...(this.unpricedModels.length > 0 ? { unpricedModels: this.unpricedModels } : {}),
    };
  }
}

function activityText(activity: RunActivity): string {
  switch (activity.kind) {
    case 'starting':
      return 'starting';
    case 'model':
      return `model writing (iteration ${activity.iteration})`;
    case 'code':
      return 'running code';
    case 'output':
      return 'reading the output';
    case 'child-run':
      return `child run: ${shorten(activity.question)}`;
  }
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > maxQuestionShown ? `${line.slice(0, maxQuestionShown - 1)}…` : line;
}
