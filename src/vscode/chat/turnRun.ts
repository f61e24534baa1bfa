import { contextMeterText } from '../../core/engine/contextMeterText';
import type { Conversation } from '../../core/engine/conversation';
import type { RunResult } from '../../core/engine/rlmEngine';
import { defaultRunLimits } from '../../core/engine/runLimits';
import { RunState } from '../../core/engine/runState';
import { timelineOf } from '../../core/engine/runTimeline';
import type { ChatHostToWebview, ChatTurn } from '../../core/protocol/chatProtocol';
import type { RunStatusBar } from './runStatusBar';
import { engineQuestion } from './engineQuestion';
import { TurnProgress } from './turnProgress';
import { outcomeOfError, type TurnOutcome } from './turnOutcome';
import { askInVscode, refusal, type VscodeQuestionDependencies } from './vscodeQuestion';
import { redactSecrets } from '../../core/llm/redactSecrets';
import { RateLimitPrompt } from './rateLimitPrompt';

/** At most 20 progress updates a second reach the webviews. */
const flushIntervalMs = 50;
/** The elapsed time ticks even while nothing else happens. */
const tickMs = 1_000;

export interface TurnRunDependencies extends VscodeQuestionDependencies {
  conversation: Conversation;
  statusBar: RunStatusBar;
  post: (message: ChatHostToWebview) => void;
  /** Saves the conversation; the caller throttles it. */
  persist: () => void;
}

/**
 * One turn of the panel: asks the question service in the conversation and streams the answer, progress and meter
 * (throttled) to the webviews and the status bar. Mutates `turn` in place.
 */
export class TurnRun {
  private readonly controller = new AbortController();
  private secrets: readonly string[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private lastFlushAt = 0;
  private shownAnswer = '';
  private rateLimitPrompt: RateLimitPrompt | undefined;

  constructor(
    private readonly turn: ChatTurn,
    private readonly deps: TurnRunDependencies,
  ) {}

  get turnId(): string {
    return this.turn.id;
  }

  stop(): void {
    this.controller.abort(new Error('stopped by the user'));
  }

  /** The person's answer to "the endpoint asks to wait N s"; Stop ends the run as the Stop button does. */
  answerRateLimit(askId: string, decision: 'wait' | 'stop'): void {
    if (!this.rateLimitPrompt?.answer(askId, decision)) return;
    if (decision === 'stop') this.stop();
  }

  /** Runs to the end; never throws: every failure becomes the turn's status and error. */
  async run(): Promise<void> {
    const refused = refusal(this.deps);
    if (refused) return this.end(refused);
    const limits = { ...defaultRunLimits, ...this.deps.runSettings().limits };
    const state = new RunState();
    const progress = new TurnProgress(state, limits, this.turn.startedAt);
    const ticker = setInterval(() => this.schedule(progress), tickMs);
    const question = engineQuestion(this.turn);
    this.deps.statusBar.started(this.turn.question);
    let outcome: TurnOutcome;
    const rateLimitPrompt = new RateLimitPrompt((ask) => {
      progress.askingToWait(ask);
      this.flushNow(progress);
    });
    this.rateLimitPrompt = rateLimitPrompt;
    try {
      const asked = await askInVscode(this.deps, {
        question,
        source: 'chat',
        signal: this.controller.signal,
        conversation: this.deps.conversation,
        onRetry: (notice) => {
          progress.retrying(notice.delayMs, notice.status);
          this.schedule(progress);
        },
        askRateLimitWait: (ask) => rateLimitPrompt.ask(ask),
        onStart: (clients) => {
          this.secrets = clients.secrets;
          progress.unpriced(clients.unpricedModels);
          this.deps.log.info(
            `chat: run started (turn ${this.turn.id}, model ${clients.info.label}, question of ${question.length} characters)`,
          );
        },
        sinks: [
          (event) => {
            if (event.type === 'run-start' && event.depth === 0) this.turn.runId = event.runId;
            const { answer } = state.apply(event);
            // Scrubbed whole: a key split across two streamed pieces is still found.
            if (answer !== undefined) this.turn.answer = redactSecrets(answer, this.secrets);
            // The first streamed words go out at once, even inside the throttle window of a progress update.
            if (answer !== undefined && !this.shownAnswer) this.flushNow(progress);
            else this.schedule(progress);
          },
        ],
      });
      const result = asked.run?.result;
      if (result) this.finishFromResult(result, limits, asked.run?.clients?.unpricedModels ?? []);
      else this.turn.meter = progress.meter();
      if (result || state.size > 0) this.turn.timeline = timelineOf(state);
      outcome = asked.turn;
    } catch (error) {
      // The service does not throw; this is a fault of the turn's own bookkeeping, shown like any failure.
      outcome = outcomeOfError(error, this.secrets);
      this.deps.log.error(`chat: turn ${this.turn.id} failed: ${outcome.error?.message ?? 'unknown error'}`);
    } finally {
      clearInterval(ticker);
      rateLimitPrompt.close();
      this.deps.statusBar.ended();
    }
    this.end(outcome);
  }

  private finishFromResult(
    result: RunResult,
    limits: { maxTokens: number; maxCostUsd: number },
    unpricedModels: readonly string[],
  ): void {
    this.turn.runId = result.runId;
    // A failed or stopped run keeps what had streamed: nothing the user saw is lost.
    if (result.answer) this.turn.answer = result.answer;
    const { inputTokens, outputTokens, costUsd, costComplete } = result.totals;
    this.turn.meter = {
      inputTokens,
      outputTokens,
      costUsd,
      costComplete,
      maxTokens: limits.maxTokens,
      maxCostUsd: limits.maxCostUsd,
      ...(unpricedModels.length > 0 ? { unpricedModels: [...unpricedModels] } : {}),
    };
    if (result.context) this.turn.contextMeter = contextMeterText(result.context);
    const cost = `${costComplete ? '' : '≥ '}$${costUsd.toFixed(4)}`;
    this.deps.log.info(
      `chat: run ${result.runId} ended: ${result.reason}, ${result.iterations} iteration(s), ${inputTokens} in + ${outputTokens} out tokens, ` +
        `${result.totals.subCalls} sub-call(s), ${cost}, ${result.durationMs} ms${this.turn.contextMeter ? `; context: ${this.turn.contextMeter}` : ''}`,
    );
  }

  private end(outcome: TurnOutcome): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.turn.status = outcome.status;
    if (outcome.detail !== undefined) this.turn.detail = outcome.detail;
    if (outcome.error) this.turn.error = outcome.error;
    this.turn.durationMs = Date.now() - this.turn.startedAt;
    this.deps.post({ type: 'turnEnded', turn: structuredClone(this.turn) });
  }

  /**
   * Coalesces updates: the answer so far, the progress and the meter go out together at most every 50 ms. The first
   * change after a quiet spell goes out at once, so a streamed token is not held back by the throttle.
   */
  private schedule(progress: TurnProgress): void {
    if (this.flushTimer || this.turn.status !== 'running') return;
    const wait = this.lastFlushAt + flushIntervalMs - Date.now();
    if (wait <= 0) return this.flush(progress);
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush(progress);
    }, wait);
  }

  private flushNow(progress: TurnProgress): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.flush(progress);
  }

  private flush(progress: TurnProgress): void {
    if (this.turn.status !== 'running') return;
    this.lastFlushAt = Date.now();
    if (this.turn.answer !== this.shownAnswer) {
      this.shownAnswer = this.turn.answer;
      this.deps.post({ type: 'answerText', turnId: this.turn.id, text: this.turn.answer });
    }
    const current = progress.progress();
    const meter = progress.meter();
    this.turn.meter = meter;
    this.deps.post({ type: 'progress', turnId: this.turn.id, progress: current, meter });
    this.deps.statusBar.update(current, meter);
    this.deps.persist();
  }
}
