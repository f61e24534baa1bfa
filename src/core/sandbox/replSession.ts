/**
 * One sandboxed REPL per session. QuickJS runs in a worker thread (`sandboxWorker.js`), so a busy cell never
 * blocks this thread; the REPL's async functions run here, proxied by messages. Cancelling sets a shared flag the
 * sandbox's interrupt handler reads (variables are kept); a worker that does not stop in time is replaced.
 */
import { performance } from 'node:perf_hooks';
import type { LimitFunction } from 'p-limit' with { 'resolution-mode': 'import' };
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { replFunctions, type ReplFunction, type ReplHost } from './replFunctions';
import {
  controlCancel,
  controlRun,
  controlRunStopped,
  type FromSandboxWorker,
  type HostReply,
  type SandboxWorkerData,
  type ToSandboxWorker,
  type WorkerCellResult,
} from './sandboxProtocol';
import {
  defaultSandboxLimits,
  isRunStoppingError,
  type CellResult,
  type SandboxDependencies,
  type SandboxLimits,
} from './sandboxTypes';
import { quickjsWasmModule, sandboxWorkerScript, type WasmModule } from './sandboxWorkerScript';

/** Host-side state of the cell being run. */
interface HostCell {
  id: number;
  signal: AbortSignal;
  /** Aborts when the run is cancelled or the cell ends: host work the cell left running (un-awaited calls) stops. */
  hostSignal: AbortSignal;
  startedAt: number;
  runStoppingError?: unknown;
  /** Calls of the cell to REPL functions that run here. */
  hostCalls: number;
  /** Time the worker spent blocked on synchronous REPL calls (an `llm()` waiting for its model): waiting, not computing. */
  blockedMs: number;
  /** When the synchronous call the worker is blocked on now arrived here. */
  blockedSince?: number;
  finish(result: WorkerCellResult): void;
  fail(error: Error): void;
}

/** The worker computed past its limit without the sandbox's interrupt firing: one long native operation. */
class ComputeOverrunError extends Error {
  constructor(readonly busyMs: number) {
    super(`the cell computed for ${Math.round(busyMs)} ms without stopping`);
  }
}

export interface ReplSessionOptions {
  /** The worker bundle; default `sandboxWorker.js` next to the running bundle (built on the fly in source runs). */
  workerScript?: string;
  /** Called at each watchdog check of a running cell: the worker's busy and blocked time so far. */
  onWatchdogCheck?: (check: { activeMs: number; blockedMs: number }) => void;
}

/** After a cancel, how long the sandbox may take to notice the flag before its worker is replaced. */
const cancelGraceMs = 750;
/**
 * QuickJS checks its interrupt between bytecode steps, so one native operation (a replace over 10 MB, a huge
 * JSON.stringify, printing a long string) runs to its end before the CPU limit can stop it, and a loop of them runs
 * on. The host watches the worker thread's busy time and replaces a worker computing this long past the limit.
 */
const computeGraceMs = 2_000;
const watchdogIntervalMs = 250;
/** Calls to workspace and symbol functions running here at once for one session; more wait their turn. */
const hostCallsAtOnce = 8;
/** Calls one cell may make to functions that run here (a loop of listFiles() cannot keep the host busy forever). */
const maxHostCallsPerCell = 5_000;

export class ReplSession {
  readonly limits: SandboxLimits;
  private worker!: Worker;
  /** Where the current worker's blocking calls are answered: a port and the shared word that wakes the worker. */
  private syncReply!: { port: MessagePort; word: Int32Array };
  private readonly control = new Int32Array(new SharedArrayBuffer(4));
  private cell: HostCell | undefined;
  private cellCount = 0;
  private memory = 0;
  private disposed = false;
  private hostLimit: Promise<LimitFunction> | undefined;
  private onWatchdogCheck: ReplSessionOptions['onWatchdogCheck'];
  private readonly byName: ReadonlyMap<string, ReplFunction>;

  private constructor(
    private readonly deps: SandboxDependencies,
    limits: SandboxLimits,
    private readonly functions: readonly ReplFunction[],
    private readonly script: string,
    private readonly wasmModule: WasmModule,
  ) {
    this.limits = limits;
    this.byName = new Map(functions.map((f) => [f.name, f]));
  }

  static async create(
    deps: SandboxDependencies,
    limits: Partial<SandboxLimits> = {},
    functions: readonly ReplFunction[] = replFunctions,
    options: ReplSessionOptions = {},
  ): Promise<ReplSession> {
    const [script, wasmModule] = await Promise.all([
      options.workerScript ?? sandboxWorkerScript(),
      quickjsWasmModule(),
    ]);
    const session = new ReplSession(deps, { ...defaultSandboxLimits, ...limits }, functions, script, wasmModule);
    session.onWatchdogCheck = options.onWatchdogCheck;
    await session.startWorker();
    return session;
  }

  /** Bytes of WASM memory the session held after its last cell (it grows, never shrinks). */
  get memoryBytes(): number {
    return this.memory;
  }

  /** True while a cell runs; cells of one session run one at a time. */
  get busy(): boolean {
    return this.cell !== undefined;
  }

  async runCell(code: string, signal: AbortSignal = new AbortController().signal): Promise<CellResult> {
    if (this.cell) throw new Error('A cell is already running in this session; run cells one at a time.');
    if (this.disposed) throw new Error('This REPL session was disposed; open a new one.');
    const id = ++this.cellCount;
    Atomics.store(this.control, 0, signal.aborted ? controlCancel : controlRun);
    const startedAt = performance.now();
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    let settle: (outcome: WorkerCellResult | Error) => void = () => undefined;
    const outcome = new Promise<WorkerCellResult | Error>((resolve) => {
      settle = resolve;
    });
    // Aborted with the run's signal, or when the cell ends (not AbortSignal.any: it leaks in the Node versions VS Code
    // ships, and a cell makes one per run of the session).
    const ended = new AbortController();
    const endWithRun = (): void => ended.abort(signal.reason);
    if (signal.aborted) endWithRun();
    else signal.addEventListener('abort', endWithRun, { once: true });
    const cell: HostCell = {
      id,
      signal,
      hostSignal: ended.signal,
      startedAt,
      hostCalls: 0,
      blockedMs: 0,
      finish: settle,
      fail: settle,
    };
    this.cell = cell;
    const onAbort = (): void => {
      Atomics.store(this.control, 0, controlCancel);
      graceTimer = setTimeout(() => cell.fail(new Error('the sandbox did not stop when cancelled')), cancelGraceMs);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    this.worker.ref(); // a cell computing in the worker is the only thing keeping the process alive
    const worker = this.worker;
    const busyAtStart = worker.performance.eventLoopUtilization();
    const watchdog = setInterval(() => {
      const blockedMs = cell.blockedMs + (cell.blockedSince === undefined ? 0 : performance.now() - cell.blockedSince);
      const activeMs = worker.performance.eventLoopUtilization(busyAtStart).active;
      this.onWatchdogCheck?.({ activeMs, blockedMs });
      const busyMs = activeMs - blockedMs;
      if (busyMs > this.limits.cellCpuMs + computeGraceMs) cell.fail(new ComputeOverrunError(busyMs));
    }, watchdogIntervalMs);
    watchdog.unref();
    this.post({ type: 'run', cellId: id, code, fileName: `cell-${id}.js` });
    try {
      const result = await outcome;
      if (result instanceof Error) return await this.recover(cell, result);
      this.memory = result.memoryBytes;
      const stopping = cell.runStoppingError;
      const error =
        result.stop === 'run-stopped'
          ? `Stopped: ${stopping instanceof Error ? stopping.message : 'the run was stopped'}.`
          : result.error;
      return {
        output: result.output,
        ...(error === undefined ? {} : { error }),
        ...(result.stop ? { stop: result.stop } : {}),
        ...(result.finalAnswer === undefined ? {} : { finalAnswer: result.finalAnswer }),
        droppedChars: result.droppedChars,
        sessionReset: result.sessionReset,
        durationMs: performance.now() - startedAt,
        ...(stopping === undefined ? {} : { runStoppingError: stopping }),
      };
    } finally {
      clearTimeout(graceTimer);
      clearInterval(watchdog);
      ended.abort();
      signal.removeEventListener('abort', endWithRun);
      signal.removeEventListener('abort', onAbort);
      this.cell = undefined;
      if (!this.disposed) this.worker.unref();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.cell?.fail(new Error('the session was disposed'));
    this.syncReply.port.close();
    void this.worker.terminate();
  }

  /** The worker died or would not stop: replace it; the model learns its variables are gone. */
  private async recover(cell: HostCell, failure: Error): Promise<CellResult> {
    const cancelled = cell.signal.aborted;
    const dead = this.worker;
    this.syncReply.port.close();
    void dead.terminate();
    if (!this.disposed) await this.startWorker();
    const overrun = failure instanceof ComputeOverrunError;
    const error = cancelled
      ? 'Stopped: the run was cancelled. The REPL was reset: all variables are gone.'
      : overrun
        ? `Stopped: ${failure.message}, past the REPL's ${this.limits.cellCpuMs} ms of CPU time (one long operation: a replace, JSON.stringify or print over a very large value, repeated). The REPL was reset: all variables are gone. Work on smaller pieces.`
        : `The sandbox crashed (${failure.message}). The REPL was reset: all variables are gone.`;
    return {
      output: '',
      error,
      ...(cancelled ? { stop: 'cancelled' as const } : overrun ? { stop: 'cpu-time' as const } : {}),
      droppedChars: 0,
      sessionReset: true,
      durationMs: performance.now() - cell.startedAt,
      ...(cell.runStoppingError === undefined ? {} : { runStoppingError: cell.runStoppingError }),
    };
  }

  private startWorker(): Promise<void> {
    const channel = new MessageChannel();
    const word = new Int32Array(new SharedArrayBuffer(4));
    const data: SandboxWorkerData = {
      limits: this.limits,
      functions: this.functions.map((f) => ({ name: f.name, mode: f.mode })),
      control: this.control.buffer as SharedArrayBuffer,
      wasmModule: this.wasmModule,
      syncReply: word.buffer as SharedArrayBuffer,
      syncPort: channel.port2,
    };
    const worker = new Worker(this.script, {
      workerData: data,
      transferList: [channel.port2],
      resourceLimits: { stackSizeMb: this.limits.workerStackMb },
    });
    channel.port1.unref();
    this.worker = worker;
    this.syncReply = { port: channel.port1, word };
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      worker.on('message', (message: FromSandboxWorker) => {
        if (message.type === 'ready') {
          ready = true;
          this.memory = message.memoryBytes;
          worker.unref();
          resolve();
        } else if (message.type === 'init-failed') {
          void worker.terminate();
          reject(new Error(`The sandbox could not start: ${message.message}`));
        } else if (message.type === 'call') {
          void this.answerCall(worker, message);
        } else if (this.cell?.id === message.cellId && worker === this.worker) {
          this.cell.finish(message.result);
        }
      });
      const onDeath = (error: Error): void => {
        if (!ready) reject(error);
        else if (worker === this.worker) this.cell?.fail(error);
      };
      worker.on('error', onDeath);
      worker.on('exit', (code) => onDeath(new Error(`the sandbox worker exited with code ${code}`)));
    });
  }

  /** Runs an async REPL function for the worker and posts its reply; errors become the model's to read. */
  private async answerCall(worker: Worker, call: Extract<FromSandboxWorker, { type: 'call' }>): Promise<void> {
    const { callId, name, argsJson } = call;
    const syncReply = this.syncReply;
    const cell = this.cell;
    const fn = this.byName.get(name);
    const notes: string[] = [];
    let json: string;
    const arrived = performance.now();
    if (call.blocking && cell) cell.blockedSince = arrived;
    if (!cell || !fn || fn.mode !== 'async') {
      json = JSON.stringify({ ok: false, error: `${name} is not available here.` });
    } else if (++cell.hostCalls > maxHostCallsPerCell) {
      json = JSON.stringify({
        ok: false,
        error: `${name}: this cell already made ${maxHostCallsPerCell} calls to REPL functions. Make fewer, larger calls (a grep with a glob, one listFiles, llmMap over a list) and continue in the next cell.`,
      });
    } else {
      try {
        // Sub-calls and child runs have their own queue and allowance, and finish what they spend; workspace and
        // symbol calls wait for a slot here and stop when the cell ends.
        const models = fn.group === 'models';
        const signal = models ? cell.signal : cell.hostSignal;
        const run = (): Promise<unknown> =>
          untilAborted(
            Promise.resolve(fn.run(this.host(cell, notes, signal), JSON.parse(argsJson) as unknown[])),
            signal,
          );
        const value = await (models ? run() : this.hostSlots(signal, run));
        json = JSON.stringify({ ok: true, value });
      } catch (error) {
        if (isRunStoppingError(error)) {
          cell.runStoppingError ??= error;
          Atomics.store(this.control, 0, controlRunStopped);
        }
        json = JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error) });
      }
    }
    const reply: HostReply = { json, notes };
    if (worker !== this.worker) return;
    if (call.blocking && cell) {
      cell.blockedMs += performance.now() - arrived;
      cell.blockedSince = undefined;
    }
    if (call.blocking) {
      syncReply.port.postMessage({ callId, reply });
      Atomics.store(syncReply.word, 0, 1);
      Atomics.notify(syncReply.word, 0);
    } else {
      this.post({ type: 'reply', callId, reply });
    }
  }

  /** Runs `task` when one of the session's host-call slots is free; rejects at once if `signal` aborts meanwhile. */
  private async hostSlots<T>(signal: AbortSignal, task: () => Promise<T>): Promise<T> {
    this.hostLimit ??= import('p-limit').then(({ default: pLimit }) => pLimit(hostCallsAtOnce)); // ESM-only package
    const limit = await this.hostLimit;
    return untilAborted(
      limit(() => (signal.aborted ? Promise.reject(new Error('cancelled')) : task())),
      signal,
    );
  }

  private host(cell: HostCell, notes: string[], signal: AbortSignal): ReplHost {
    return {
      ...this.deps,
      signal,
      limits: this.limits,
      note: (line) => notes.push(line),
      print: (text) => notes.push(text),
      final: () => {
        throw new Error('FINAL is answered inside the sandbox.');
      },
    };
  }

  private post(message: ToSandboxWorker): void {
    this.worker.postMessage(message);
  }
}

/** Resolves with the work, or rejects as soon as the cell is cancelled, so the sandbox resumes promptly. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('cancelled'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Error('cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
