/**
 * The Recursive Language Model loop: the root model writes code, the sandbox runs it against the workspace,
 * sub-models and child runs answer pieces, and every step is reported as an event.
 */
import { randomUUID } from 'node:crypto';
import type { ChatMessage, LlmClient, StreamDelta } from '../llm/llmClient';
import { isLlmError, type LlmErrorKind } from '../llm/llmErrors';
import { ReplSession } from '../sandbox/replSession';
import {
  defaultSandboxLimits,
  type CellResult,
  type SandboxDependencies,
  type SandboxLimits,
  type SandboxSymbolService,
  type SubCallOptions,
} from '../sandbox/sandboxTypes';
import type { ModelProfile } from '../llm/modelProfile';
import type { Workspace } from '../workspace/workspace';
import { Budget, BudgetExceededError } from './budget';
import { clampOutputCap, reserveCall } from './callReservation';
import { boundHistory, limitsForWindow, promptTokens } from './contextBudget';
import { SubCallQueue } from './subCallQueue';
import { answerFromReply, parseModelReply, proseOfReply, type FinalStatement } from './modelReply';
import {
  answerNowMessage,
  blockOutputsMessage,
  finalNotTakenMessage,
  foreignCodeMessage,
  noCodeMessage,
  cutInReasoningMessage,
  rootQuestionMessage,
  rootSystemPrompt,
  type BlockReport,
} from './rootPrompt';
import { completeWithinWindow, ModelWindows } from './windowedCall';
import { ContextMeter } from './contextMeter';
import type { ContextFigures } from './contextMeterText';
import { workspaceSize } from './workspaceSize';
import type { LimitKind, RunEvent, RunEventSink, RunTotals, StopReason } from './runEvents';
import { defaultRunLimits, type RunLimits } from './runLimits';
import { describeWorkspace } from './workspaceOverview';

/** What stays fixed for every question the engine runs: the workspace, its symbols, the sandbox and how REPLs start. */
export interface RlmEngineDependencies {
  workspace: Workspace;
  symbols?: SandboxSymbolService;
  sandboxLimits?: Partial<SandboxLimits>;
  /** Starts the REPL a run's cells go to; default the QuickJS sandbox (`ReplSession.create`). */
  createRepl?: ReplFactory;
}

/** The REPL as the engine uses it: cells run one at a time against the host functions it was created with. */
export interface EngineRepl {
  runCell(code: string, signal: AbortSignal): Promise<CellResult>;
  dispose(): void;
}

/** Creates a REPL whose llm()/rlm()/symbol functions call `host`. */
export type ReplFactory = (
  host: SandboxDependencies,
  limits: Partial<SandboxLimits> | undefined,
) => Promise<EngineRepl>;

export const quickJsRepl: ReplFactory = (host, limits) => ReplSession.create(host, limits);

/** What varies per question: the models, where the events go, the caller's stop signal and the limits. */
export interface RunOptions {
  /** The model that writes the code. */
  root: LlmClient;
  /** The model behind llm()/llmBatch()/llmMap() and the child runs' leaves. */
  sub: LlmClient;
  onEvent?: RunEventSink;
  limits?: Partial<RunLimits>;
  signal?: AbortSignal;
}

/** Follow-up questions in one session share the REPL (its variables) and a compact history of earlier answers. */
export interface RlmSession {
  ask(question: string, options: RunOptions): Promise<RunResult>;
  readonly history: readonly { question: string; answer: string }[];
  dispose(): void;
}

/**
 * A REPL and the run its llm()/rlm() calls act for. A session's REPL outlives one question, so the engine sets the
 * run for the length of each question and clears it after: a call that arrives later fails instead of joining a run.
 */
interface ReplSlot {
  repl: EngineRepl;
  run: RunContext | undefined;
}

export interface RunResult {
  runId: string;
  answer: string;
  reason: StopReason;
  /** The limit's or the error's message when the run did not end with FINAL. */
  detail?: string;
  /** For reason 'error' from a model call: what kind of failure (auth, unavailable...), so callers can act on it. */
  errorKind?: LlmErrorKind;
  iterations: number;
  totals: RunTotals;
  durationMs: number;
  /** The context meter of the run tree: what the models saw against what pasting would have cost. */
  context?: ContextFigures;
}

/** One run (root or child) while it runs. */
interface RunContext {
  runId: string;
  parentRunId?: string;
  depth: number;
  question: string;
  repl: EngineRepl;
  root: LlmClient;
  sub: LlmClient;
  onEvent: RunEventSink | undefined;
  budget: Budget;
  limits: RunLimits;
  signal: AbortSignal;
  timedOut: () => boolean;
  iteration: number;
  maxIterations: number;
  /** The workspace metadata of the root prompt; a child run reuses its parent's instead of listing again. */
  overview?: string;
  /** Shared by the whole run tree, like the budget. */
  meter: ContextMeter;
  /** Files the running cell has read or mapped. */
  touched: Set<string>;
  /** This run's `rlm()` children wait here for a slot: each holds a sandbox while it runs. */
  children?: SubCallQueue;
}

type Ending = { answer: string; reason: StopReason; detail?: string; errorKind?: LlmErrorKind };

/** Limits after which one more "answer with what you have" call is still within the rules. */
const finalCallAllowed: ReadonlySet<LimitKind> = new Set(['max-iterations', 'max-sub-calls', 'max-depth']);

export class RlmEngine {
  private eventCount = 0;
  private readonly windows = new ModelWindows();
  private readonly createRepl: ReplFactory;

  constructor(private readonly deps: RlmEngineDependencies) {
    this.createRepl = deps.createRepl ?? quickJsRepl;
  }

  /** One question in a fresh REPL. */
  async run(question: string, options: RunOptions): Promise<RunResult> {
    const slot = await this.newRepl();
    try {
      return await this.runIn(slot, question, options, []);
    } finally {
      slot.repl.dispose();
    }
  }

  /** A session for follow-up questions; `history` continues an earlier conversation (restored after a reload). */
  async openSession(options: { history?: readonly { question: string; answer: string }[] } = {}): Promise<RlmSession> {
    const slot = await this.newRepl();
    const history: { question: string; answer: string }[] = [...(options.history ?? [])];
    return {
      history,
      ask: async (question, options) => {
        if (slot.run)
          throw new Error('A question is already running in this session; wait for its answer or stop it first.');
        const result = await this.runIn(slot, question, options, history);
        history.push({ question, answer: result.answer || `(no answer: ${result.reason})` });
        return result;
      },
      dispose: () => slot.repl.dispose(),
    };
  }

  private async runIn(
    slot: ReplSlot,
    question: string,
    options: RunOptions,
    history: readonly { question: string; answer: string }[],
  ): Promise<RunResult> {
    const requested = { ...defaultRunLimits, ...options.limits };
    // The clock and the caller's Stop cover the run from here, the endpoint's model metadata lookup included.
    const timeout = AbortSignal.timeout(requested.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let rootProfile: ModelProfile | undefined;
    try {
      // Both models' windows are known before the first call, so no call of the run waits on the endpoint's metadata.
      [rootProfile] = await Promise.all([this.windows.of(options.root, signal), this.windows.of(options.sub, signal)]);
    } catch (error) {
      // Stopped (or out of time) while asking: the run still starts and ends as stopped, with its events and log.
      if (!signal.aborted) throw error;
    }
    const limits = rootProfile ? limitsForWindow(requested, rootProfile) : requested;
    const earlier = rootProfile ? boundHistory(history, rootProfile, limits.maxTokensPerCall) : [];
    // The tree's totals go out as they change, as the root run's events: every view shows the budget's own numbers.
    const onChange = (totals: RunTotals): void => this.emit(root, { type: 'totals', totals });
    const budget = new Budget(limits, {
      concurrency: this.deps.sandboxLimits?.subCallConcurrency ?? defaultSandboxLimits.subCallConcurrency,
      signal,
      onChange,
    });
    const models = { root: options.root, sub: options.sub, onEvent: options.onEvent };
    const root = this.newContext(
      question,
      slot.repl,
      models,
      budget,
      signal,
      () => timeout.aborted,
      undefined,
      0,
      limits.maxIterations,
    );
    slot.run = root;
    try {
      return await this.execute(root, earlier);
    } finally {
      slot.run = undefined;
    }
  }

  private async execute(run: RunContext, history: readonly { question: string; answer: string }[]): Promise<RunResult> {
    const started = Date.now();
    // Measured once per workspace, while the run goes, so the meter at the end does not wait on it.
    const wholeWorkspace = run.depth === 0 ? workspaceSize(this.deps.workspace) : undefined;
    this.emit(run, { type: 'run-start', question: run.question, model: run.root.model });
    const messages: ChatMessage[] = [{ role: 'system', content: rootSystemPrompt(run.limits.outputCharsToModel) }];
    let ending: Ending;
    try {
      run.overview ??= await describeWorkspace(this.deps.workspace, run.signal);
      messages.push({ role: 'user', content: rootQuestionMessage(run.question, run.overview, history) });
      ending = await this.loop(run, messages);
    } catch (error) {
      ending = await this.endEarly(run, messages, error);
    }
    // Sub-calls already sent when a limit stopped the run are paid for: the totals wait for their usage.
    if (run.depth === 0) await run.budget.queue.whenIdle();
    const context = wholeWorkspace ? await run.meter.figures(this.deps.workspace, wholeWorkspace) : undefined;
    const result: RunResult = {
      runId: run.runId,
      ...ending,
      iterations: run.iteration,
      totals: run.budget.snapshot(),
      durationMs: Date.now() - started,
      ...(context ? { context } : {}),
    };
    this.emit(run, {
      type: 'answer',
      answer: result.answer,
      reason: result.reason,
      iterations: result.iterations,
      totals: result.totals,
      durationMs: result.durationMs,
      ...(context ? { context } : {}),
    });
    return result;
  }

  /** The loop: ask the root model, run its code, feed back the output; FINAL ends it. */
  private async loop(run: RunContext, messages: ChatMessage[]): Promise<Ending> {
    let proseTurns = 0;
    for (run.iteration = 1; run.iteration <= run.maxIterations; run.iteration++) {
      this.emit(run, { type: 'iteration', iteration: run.iteration });
      const reply = await this.callRoot(run, messages);
      messages.push({ role: 'assistant', content: reply });
      const parsed = parseModelReply(reply);
      const notes = parsed.foreignLanguages.length ? [foreignCodeMessage(parsed.foreignLanguages)] : [];
      if (parsed.cutInReasoning) notes.push(cutInReasoningMessage);
      if (parsed.cells.length === 0) {
        if (parsed.final) {
          const ended = await this.resolveFinal(run, parsed.final);
          if (typeof ended !== 'string') return ended;
          notes.push(ended);
        } else if (notes.length === 0 && ++proseTurns >= 2) {
          // A model that answers in prose twice, told in between how to end, has given its answer.
          const prose = proseOfReply(reply);
          if (looksLikeAnAnswer(prose)) return { answer: prose, reason: 'final' };
        }
        messages.push({ role: 'user', content: [...notes, ...(notes.length ? [] : [noCodeMessage])].join('\n\n') });
        continue;
      }
      proseTurns = 0;
      const reports: BlockReport[] = [];
      for (const code of parsed.cells) {
        const cell = await this.runCell(run, code);
        if (cell.runStoppingError) throw cell.runStoppingError;
        if (cell.stop === 'cancelled' || run.signal.aborted) throw run.signal.reason;
        if (cell.finalAnswer !== undefined) return { answer: cell.finalAnswer, reason: 'final' };
        reports.push(cell);
      }
      if (parsed.final) {
        // The reference RLM's habit: code and FINAL in one reply. Taken when the code ran cleanly.
        if (reports.every((r) => !r.error)) {
          const ended = await this.resolveFinal(run, parsed.final);
          if (typeof ended !== 'string') return ended;
          notes.push(ended);
        } else {
          notes.push(finalNotTakenMessage);
        }
      }
      messages.push({
        role: 'user',
        content: [blockOutputsMessage(reports, run.limits.outputCharsToModel), ...notes].join('\n\n'),
      });
    }
    run.iteration = run.maxIterations;
    throw new BudgetExceededError('max-iterations', `the run used its ${run.maxIterations} iterations`);
  }

  /** The answer a FINAL statement gives: its text, or the REPL variable it names; a message when the variable is missing. */
  private async resolveFinal(run: RunContext, final: FinalStatement): Promise<Ending | string> {
    if (final.kind === 'text') return { answer: final.answer, reason: 'final' };
    if (final.kind === 'expression') {
      // `FINAL(answer)`, `FINAL(hit.file)`, `FINAL("…\n…")` as prose: the value in the REPL, else the text as written.
      // A name the REPL does not hold is no error of the model's: the statement then answers with its text.
      const cell = await this.runCell(run, `try { FINAL(${final.source}); } catch {}`);
      if (cell.runStoppingError) throw cell.runStoppingError;
      if (cell.finalAnswer !== undefined) return { answer: cell.finalAnswer, reason: 'final' };
      if (final.placeholder)
        return `FINAL(${final.source}) was not taken: nothing in the REPL is called ${final.source}. When you have the answer, reply with FINAL(the answer itself) or FINAL_VAR(variable holding it).`;
      return { answer: final.source, reason: 'final' };
    }
    // The name is evaluated as the model wrote it (a variable or a property path), in the sandbox like any cell.
    const cell = await this.runCell(run, `FINAL_VAR(${final.name})`);
    if (cell.runStoppingError) throw cell.runStoppingError;
    if (cell.finalAnswer !== undefined) return { answer: cell.finalAnswer, reason: 'final' };
    return `FINAL_VAR(${final.name}) names no REPL variable${cell.error ? ` (${cell.error})` : ''}. Assign the answer to a variable in a code block first, or reply with FINAL(answer text).`;
  }

  /** A limit, a cancellation or a failure: report it, and answer with what there is when the rules allow a last call. */
  private async endEarly(run: RunContext, messages: ChatMessage[], error: unknown): Promise<Ending> {
    if (run.signal.aborted) {
      const reason: StopReason = run.timedOut() ? 'timeout' : 'cancelled';
      if (reason === 'timeout')
        this.emit(run, {
          type: 'limit',
          limit: 'timeout',
          detail: `the run took longer than ${run.limits.timeoutMs} ms`,
        });
      return { answer: '', reason, detail: reason === 'timeout' ? 'time limit reached' : 'cancelled' };
    }
    if (!(error instanceof BudgetExceededError)) {
      const message = error instanceof Error ? error.message : String(error);
      this.emit(run, { type: 'error', message });
      return { answer: '', reason: 'error', detail: message, ...(isLlmError(error) ? { errorKind: error.kind } : {}) };
    }
    this.emit(run, { type: 'limit', limit: error.limit, detail: error.detail });
    if (!finalCallAllowed.has(error.limit)) return { answer: '', reason: error.limit, detail: error.detail };
    try {
      const reply = await this.callRoot(
        run,
        [...messages, { role: 'user', content: answerNowMessage(error.detail) }],
        true,
      );
      const final = answerFromReply(reply);
      const resolved = final.kind === 'text' ? { answer: final.answer } : await this.resolveFinal(run, final);
      return {
        answer: typeof resolved === 'string' ? proseOfReply(reply) : resolved.answer,
        reason: error.limit,
        detail: error.detail,
      };
    } catch (last) {
      const message = last instanceof Error ? last.message : String(last);
      this.emit(run, { type: 'error', message });
      return { answer: '', reason: error.limit, detail: `${error.detail}; the last answer call failed: ${message}` };
    }
  }

  private async callRoot(run: RunContext, messages: readonly ChatMessage[], lastCall = false): Promise<string> {
    // The last "answer with what you have" call reserves too: it may follow max-iterations, never pass tokens or cost.
    const window = await this.windows.of(run.root, run.signal);
    const reservation = reserveCall(run.budget, run.root, messages, run.limits.maxTokensPerCall, window);
    const started = Date.now();
    const onDelta = run.onEvent
      ? (delta: StreamDelta): void =>
          this.emit(run, {
            type: 'model-delta',
            iteration: run.iteration,
            text: delta.text,
            attempt: delta.attempt,
            lastCall,
          })
      : undefined;
    const { response, contextNote } = await completeWithinWindow(
      run.root,
      { messages, signal: run.signal, maxTokens: reservation.maxOutputTokens, onDelta },
      this.windows,
    ).catch((error: unknown) => {
      reservation.release();
      throw error;
    });
    reservation.settle(response.usage, response.costUsd);
    this.emit(run, {
      type: 'model-reply',
      iteration: run.iteration,
      text: response.text,
      usage: response.usage,
      costUsd: response.costUsd,
      durationMs: Date.now() - started,
      contextNote,
    });
    return response.text;
  }

  private async runCell(run: RunContext, code: string): Promise<CellResult> {
    const cellId = `${run.runId}.c${run.iteration}.${randomUUID().slice(0, 4)}`;
    this.emit(run, { type: 'code', iteration: run.iteration, cellId, code });
    run.touched.clear();
    const cell = await run.repl.runCell(code, run.signal);
    const files = run.touched.size ? { files: [...run.touched].sort() } : {};
    this.emit(run, {
      type: 'output',
      iteration: run.iteration,
      cellId,
      output: cell.output,
      error: cell.error,
      stop: cell.stop,
      durationMs: cell.durationMs,
      ...files,
    });
    return cell;
  }

  /** Counted at once, then queued for a tree-wide slot; it reserves its worst case only when its turn comes. */
  private async subCall(
    run: RunContext,
    prompt: string,
    options: SubCallOptions,
    signal: AbortSignal,
  ): Promise<string> {
    run.budget.reserveSubCall();
    const messages: ChatMessage[] = [
      ...(options.system ? [{ role: 'system' as const, content: options.system }] : []),
      { role: 'user', content: prompt },
    ];
    const maxTokens = clampOutputCap(options.maxTokens, run.limits.maxTokensPerCall);
    let sent = false;
    try {
      return await run.budget.queue.run(signal, async () => {
        const window = await this.windows.of(run.sub, signal);
        const reservation = reserveCall(run.budget, run.sub, messages, maxTokens, window);
        sent = true;
        const callId = randomUUID().slice(0, 8);
        const startedAt = Date.now();
        const base = {
          callId,
          model: run.sub.model,
          prompt,
          ...(options.label ? { label: options.label } : {}),
          startedAt,
        };
        this.emit(run, { type: 'sub-call-start', ...base });
        try {
          const request = { messages, signal, maxTokens: reservation.maxOutputTokens };
          const { response, contextNote } = await completeWithinWindow(run.sub, request, this.windows, {
            retryOnOverflow: options.retryOnOverflow,
          });
          reservation.settle(response.usage, response.costUsd);
          if (contextNote) options.note?.(`[llm: ${contextNote}]`);
          this.emit(run, {
            type: 'sub-call',
            ...base,
            answer: response.text,
            usage: response.usage,
            costUsd: response.costUsd,
            durationMs: Date.now() - startedAt,
            contextNote,
          });
          return response.text;
        } catch (error) {
          reservation.release();
          this.emit(run, {
            type: 'sub-call',
            ...base,
            error: error instanceof Error ? error.message : String(error),
            durationMs: Date.now() - startedAt,
          });
          throw error;
        }
      });
    } catch (error) {
      if (!sent) run.budget.releaseSubCall(); // refused or dropped before it was sent: it does not count as made
      throw error;
    }
  }

  /** `rlm(question)`: a child run at depth + 1 on the shared budget; at the depth limit, a plain sub-call. */
  private async childRun(
    parent: RunContext,
    question: string,
    options: { maxIterations?: number },
    signal: AbortSignal,
  ): Promise<string> {
    if (parent.depth + 1 > parent.limits.maxDepth) return this.subCall(parent, question, {}, signal);
    // Children are counted against the sub-call allowance, so `Promise.all(xs.map(x => rlm(x)))` is bounded, and
    // each waits for one of its parent's slots before it starts a sandbox: no run holds more children than that.
    parent.budget.reserveChildRun();
    parent.children ??= new SubCallQueue(parent.budget.queue.concurrency);
    let started = false;
    try {
      return await parent.children.run(signal, () => {
        started = true;
        return this.runChild(parent, question, options, signal);
      });
    } catch (error) {
      if (!started) parent.budget.releaseChildRun();
      throw error;
    }
  }

  private async runChild(
    parent: RunContext,
    question: string,
    options: { maxIterations?: number },
    signal: AbortSignal,
  ): Promise<string> {
    const slot = await this.newRepl();
    const maxIterations = Math.min(options.maxIterations ?? parent.limits.maxIterations, parent.limits.maxIterations);
    const child = this.newContext(
      question,
      slot.repl,
      parent,
      parent.budget,
      signal,
      parent.timedOut,
      parent,
      parent.depth + 1,
      maxIterations,
    );
    child.meter = parent.meter;
    child.overview = parent.overview;
    slot.run = child;
    this.emit(parent, { type: 'child-run', childRunId: child.runId, question });
    try {
      const result = await this.execute(child, []);
      return result.reason === 'final'
        ? result.answer
        : `[child run ended: ${result.reason}${result.detail ? ` (${result.detail})` : ''}] ${result.answer}`;
    } finally {
      slot.run = undefined;
      slot.repl.dispose();
    }
  }

  private newContext(
    question: string,
    repl: EngineRepl,
    models: Pick<RunContext, 'root' | 'sub' | 'onEvent'>,
    budget: Budget,
    signal: AbortSignal,
    timedOut: () => boolean,
    parent: RunContext | undefined,
    depth: number,
    maxIterations: number,
  ): RunContext {
    const { root, sub, onEvent } = models;
    return {
      runId: randomUUID().slice(0, 8),
      parentRunId: parent?.runId,
      depth,
      question,
      repl,
      root,
      sub,
      onEvent,
      budget,
      limits: budget.limits,
      signal,
      timedOut,
      iteration: 0,
      maxIterations,
      meter: new ContextMeter(),
      touched: new Set(),
    };
  }

  private async newRepl(): Promise<ReplSlot> {
    const slot: { repl?: EngineRepl; run: RunContext | undefined } = { run: undefined };
    const activeRun = (): RunContext => {
      if (!slot.run)
        throw new Error('No question is running in this REPL: llm() and rlm() work only while a run is active.');
      return slot.run;
    };
    const host: SandboxDependencies = {
      workspace: this.deps.workspace,
      symbols: this.deps.symbols,
      subCall: (prompt, options, signal) => this.subCall(activeRun(), prompt, options, signal),
      subCallsLeft: () => activeRun().budget.subCallsLeft(),
      childRun: (question, options, signal) => this.childRun(activeRun(), question, options, signal),
      onFileTouched: (path) => activeRun().touched.add(path),
      subCallPromptTokens: async (options) => {
        const run = activeRun();
        return promptTokens(
          await this.windows.of(run.sub, run.signal),
          options.maxTokens ?? run.limits.maxTokensPerCall,
        );
      },
    };
    slot.repl = await this.createRepl(host, this.deps.sandboxLimits);
    return slot as ReplSlot;
  }

  private emit(
    run: RunContext,
    event: DistributiveOmit<RunEvent, 'id' | 'runId' | 'parentRunId' | 'depth' | 'at'>,
  ): void {
    const full = {
      ...event,
      id: `e${++this.eventCount}`,
      runId: run.runId,
      parentRunId: run.parentRunId,
      depth: run.depth,
      at: Date.now(),
    } as RunEvent;
    run.meter.add(full);
    run.onEvent?.(full);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Prose that states something, not a plan announcing code to come ("Let me look at…", "First, I'll…:"). */
function looksLikeAnAnswer(reply: string): boolean {
  const text = reply.trim();
  return (
    text.length > 0 &&
    !/^(let me|let's|i will|i'll|i am going to|i'm going to|first|next|now)\b/i.test(text) &&
    !text.endsWith(':')
  );
}
