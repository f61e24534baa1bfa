import type { RunEvent } from '../../core/engine/runEvents';
import type { RunLimits } from '../../core/engine/runLimits';
import type { ChatMeter, ChatProgress, ChatRateLimitAsk } from '../../core/protocol/chatProtocol';

const maxQuestionShown = 60;

const waitActivity = {
  'rate-limit': 'rate limited: the endpoint asks to wait',
  retry: 'the endpoint failed: trying again shortly',
} as const;

/**
 * The live progress strip and meter of one turn, folded from the run's events. Sub-calls in flight come from the
 * sub-model client itself (`subCallStarted`/`subCallEnded`), since the engine reports a sub-call only when it ends.
 */
export class TurnProgress {
  private iteration = 0;
  private activity = 'starting';
  private subCallsInFlight = 0;
  private subCallsDone = 0;
  private childRuns = 0;
  private waitUntil: number | undefined;
  private waitKind: 'rate-limit' | 'retry' = 'retry';
  private rateLimitAsk: ChatRateLimitAsk | undefined;
  private inputTokens = 0;
  private outputTokens = 0;
  private costUsd = 0;
  private costComplete = true;
  private rootRunId: string | undefined;
  private activeChildRuns = new Map<string, string>();
  private unpricedModels: string[] = [];

  constructor(
    private readonly limits: Pick<RunLimits, 'maxIterations' | 'maxTokens' | 'maxCostUsd'>,
    private readonly startedAt: number,
  ) {}

  apply(event: RunEvent): void {
    switch (event.type) {
      case 'run-start':
        if (event.depth === 0) this.rootRunId = event.runId;
        else this.activeChildRuns.set(event.runId, event.question);
        break;
      case 'iteration':
        if (event.runId === this.rootRunId) {
          this.iteration = event.iteration;
          this.activity = `model writing (iteration ${event.iteration})`;
        }
        break;
      case 'model-delta':
        this.waitUntil = undefined;
        break;
      case 'model-reply':
        this.waitUntil = undefined;
        this.charge(event.usage, event.costUsd);
        break;
      case 'code':
        if (event.runId === this.rootRunId) this.activity = 'running code';
        break;
      case 'output':
        if (event.runId === this.rootRunId) this.activity = 'reading the output';
        break;
      case 'sub-call':
        // Sub-calls share the retry hook: one that ended is past its wait.
        this.waitUntil = undefined;
        this.subCallsDone++;
        this.charge(event.usage, event.costUsd);
        break;
      case 'child-run':
        this.childRuns++;
        this.activity = `child run: ${shorten(event.question)}`;
        break;
      case 'answer':
        if (event.runId !== this.rootRunId) {
          this.activeChildRuns.delete(event.runId);
          const other = [...this.activeChildRuns.values()].at(-1);
          this.activity = other === undefined ? 'running code' : `child run: ${shorten(other)}`;
        }
        break;
      default:
        break;
    }
  }

  /** The run's models without a price, known once the clients are resolved: the meter says the cost limit cannot apply. */
  unpriced(models: readonly string[]): void {
    this.unpricedModels = [...models];
  }

  subCallStarted(): void {
    this.subCallsInFlight++;
  }

  subCallEnded(): void {
    this.subCallsInFlight = Math.max(0, this.subCallsInFlight - 1);
  }

  /** A model call is waiting before its next attempt: `status` 429 is a rate limit, anything else a failure. */
  retrying(delayMs: number, status?: number): void {
    this.waitUntil = Date.now() + delayMs;
    this.waitKind = status === 429 ? 'rate-limit' : 'retry';
  }

  /** The run waits for the person to agree to a rate limit's wait (or no longer does). */
  askingToWait(ask: ChatRateLimitAsk | undefined): void {
    this.rateLimitAsk = ask;
  }

  get currentIteration(): number {
    return this.iteration;
  }

  progress(): ChatProgress {
    const activity = this.subCallsInFlight > 0 && this.activity === 'running code' ? `sub-calls (${this.subCallsInFlight} running)` : this.activity;
    return {
      iteration: this.iteration,
      maxIterations: this.limits.maxIterations,
      activity: this.waitUntil === undefined ? activity : waitActivity[this.waitKind],
      subCallsInFlight: this.subCallsInFlight,
      subCallsDone: this.subCallsDone,
      childRuns: this.childRuns,
      elapsedMs: Date.now() - this.startedAt,
      ...(this.waitUntil === undefined ? {} : { waitUntil: this.waitUntil, waitKind: this.waitKind }),
      ...(this.rateLimitAsk ? { rateLimitAsk: this.rateLimitAsk } : {}),
    };
  }

  meter(): ChatMeter {
    return {
      inputTokens: this.inputTokens,
      outputTokens: this.outputTokens,
      costUsd: this.costUsd,
      costComplete: this.costComplete,
      maxTokens: this.limits.maxTokens,
      maxCostUsd: this.limits.maxCostUsd,
      ...(this.unpricedModels.length > 0 ? { unpricedModels: this.unpricedModels } : {}),
    };
  }

  private charge(usage: { inputTokens: number; outputTokens: number } | undefined, costUsd: number | undefined): void {
    if (!usage) return;
    this.inputTokens += usage.inputTokens;
    this.outputTokens += usage.outputTokens;
    if (costUsd === undefined) this.costComplete = false;
    else this.costUsd += costUsd;
  }
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > maxQuestionShown ? `${line.slice(0, maxQuestionShown - 1)}…` : line;
}
