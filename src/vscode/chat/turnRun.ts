import { contextMeterText } from '../../core/engine/contextMeterText';
import * as vscode from 'vscode';
import { AnswerStream } from '../../core/engine/answerStream';
import type { RunResult } from '../../core/engine/rlmEngine';
import type { RunEvent } from '../../core/engine/runEvents';
import { defaultRunLimits } from '../../core/engine/runLimits';
import { buildTimeline } from '../../core/engine/runTimeline';
import type { ChatHostToWebview, ChatTurn } from '../../core/protocol/chatProtocol';
import type { SandboxSymbolService } from '../../core/sandbox/sandboxTypes';
import type { Workspace } from '../../core/workspace/workspace';
import type { RunRecorder } from '../extensionServices';
import type { ModelProvider, RunSettings } from '../llm/modelClients';
import type { ConversationSession } from './conversationSession';
import type { RunStatusBar } from './runStatusBar';
import { engineQuestion } from './engineQuestion';
import { TurnProgress } from './turnProgress';
import { scrubEvent, scrubSecrets } from '../llm/scrubSecrets';
import { noFolderOutcome, outcomeOfError, outcomeOfRun, untrustedOutcome, userStoppedDetail, type TurnOutcome } from './turnOutcome';

/** At most 20 progress updates a second reach the webviews. */
const flushIntervalMs = 50;
/** The elapsed time ticks even while nothing else happens. */
const tickMs = 1_000;

export interface TurnRunDependencies {
  models: ModelProvider;
  session: ConversationSession;
  workspace: () => Workspace | undefined;
  symbols: (workspace: Workspace) => SandboxSymbolService | undefined;
  runSettings: () => RunSettings;
  /** The conversation's earlier questions and answers, for a session that has to be reopened. */
  history: () => { question: string; answer: string }[];
  recorder?: RunRecorder;
  log: vscode.LogOutputChannel;
  statusBar: RunStatusBar;
  post: (message: ChatHostToWebview) => void;
  /** Saves the conversation; the caller throttles it. */
  persist: () => void;
}

/**
 * One turn's run: refuses without trust or a folder, resolves the model, asks the conversation's session, and streams
 * the answer, progress and meter (throttled) to the webviews and the status bar. Mutates `turn` in place.
 */
export class TurnRun {
  private readonly controller = new AbortController();
  private secrets: readonly string[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private lastFlushAt = 0;
  private shownAnswer = '';

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

  /** Runs to the end; never throws: every failure becomes the turn's status and error. */
  async run(): Promise<void> {
    if (!vscode.workspace.isTrusted) return this.end(untrustedOutcome);
    const workspace = this.deps.workspace();
    if (!workspace) return this.end(noFolderOutcome);
    const settings = this.deps.runSettings();
    const limits = { ...defaultRunLimits, ...settings.limits };
    const progress = new TurnProgress(limits, this.turn.startedAt);
    const events: RunEvent[] = [];
    // Deltas are many: the first of a model call is enough to place its timeline bar.
    const lastEventType = new Map<string, RunEvent['type']>();
    const answers = new AnswerStream();
    const ticker = setInterval(() => this.schedule(progress), tickMs);
    this.deps.statusBar.started(this.turn.question);
    let outcome: TurnOutcome;
    try {
      const clients = await abortable(this.deps.models.resolve({ onRetry: (notice) => {
        progress.retrying(notice.delayMs, notice.status);
        this.schedule(progress);
      } }), this.controller.signal);
      this.secrets = clients.secrets;
      progress.unpriced(clients.unpricedModels);
      const session = await abortable(this.deps.session.open(workspace, this.deps.symbols(workspace), settings.sandbox, this.deps.history()), this.controller.signal);
      this.deps.session.root.use(clients.root);
      this.deps.session.sub.use(clients.sub, { started: () => progress.subCallStarted(), ended: () => progress.subCallEnded() });
      this.deps.session.bind({
        onEvent: (raw) => {
          const event = scrubEvent(raw, this.secrets);
          if (event.type !== 'model-delta' || lastEventType.get(event.runId) !== 'model-delta') events.push(event);
          lastEventType.set(event.runId, event.type);
          this.record(event);
          if (event.type === 'run-start' && event.depth === 0) this.turn.runId = event.runId;
          const answer = answers.apply(event);
          if (answer !== undefined) this.turn.answer = scrubSecrets(answer, this.secrets);
          progress.apply(event);
          // The first streamed words go out at once, even inside the throttle window of a progress update.
          if (answer !== undefined && !this.shownAnswer) this.flushNow(progress);
          else this.schedule(progress);
        },
      });
      this.deps.log.info(`chat: run started (turn ${this.turn.id}, model ${clients.info.label}, question of ${engineQuestion(this.turn).length} characters)`);
      const result = await session.ask(engineQuestion(this.turn), { limits, signal: this.controller.signal });
      this.finishFromResult(result, limits, clients.unpricedModels);
      this.turn.timeline = buildTimeline(events);
      outcome = outcomeOfRun(result, this.secrets, clients.info.provider);
    } catch (error) {
      outcome = this.controller.signal.aborted ? { status: 'stopped', detail: userStoppedDetail } : outcomeOfError(error, this.secrets);
      if (!this.controller.signal.aborted) this.deps.log.error(`chat: turn ${this.turn.id} failed: ${outcome.error?.message ?? 'unknown error'}`);
      this.turn.meter = progress.meter();
      if (events.length > 0) this.turn.timeline = buildTimeline(events);
    } finally {
      clearInterval(ticker);
      this.deps.session.bind(undefined);
      this.deps.statusBar.ended();
    }
    this.end(outcome);
  }

  private finishFromResult(result: RunResult, limits: { maxTokens: number; maxCostUsd: number }, unpricedModels: readonly string[]): void {
    this.turn.runId = result.runId;
    // A failed or stopped run keeps what had streamed: nothing the user saw is lost.
    if (result.answer) this.turn.answer = scrubSecrets(result.answer, this.secrets);
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

  private record(event: RunEvent): void {
    try {
      this.deps.recorder?.record(event);
    } catch (error) {
      this.deps.log.warn(`chat: the run recorder failed on a ${event.type} event: ${error instanceof Error ? error.message : String(error)}`);
    }
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

/** Settles with the promise, or rejects as soon as the signal aborts (the promise is then left to settle alone). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

