/**
 * The QuickJS side of a REPL session, run inside the sandbox worker: one WASM module and context, variables
 * persisting across cells, CPU time and memory bounded per cell, interrupted through a shared control word.
 */
import { performance } from 'node:perf_hooks';
import {
  newQuickJSAsyncWASMModule,
  newVariant,
  type QuickJSAsyncContext,
  type QuickJSAsyncWASMModule,
  type QuickJSDeferredPromise,
  type QuickJSHandle,
} from 'quickjs-emscripten';
import { CellOutput } from './cellOutput';
import { formatCellError } from './formatCellError';
import { quickjsAsyncVariant } from './quickjsAsyncVariant';
import { CellSyntaxError, transformCell } from './cellTransform';
import { replFunctions, type CellSinks, type SyncReplFunction } from './replFunctions';
import { argumentShapeError } from './argumentShape';
import {
  defaultArgumentBounds,
  localEntryName,
  preludeGlobals,
  sandboxPrelude,
  startEntryName,
  syncEntryName,
} from './sandboxPrelude';

import {
  controlCancel,
  controlRunStopped,
  type HostReply,
  type SandboxWorkerData,
  type WorkerCellResult,
} from './sandboxProtocol';
import type { CellStop, SandboxLimits } from './sandboxTypes';

/** Longest error text a cell reports. */
const maxErrorChars = 8_000;
/** A cell's last value is cut this much before the output's cap, for the prefix and the note after the cut. */
const shownValueNoteChars = 200;
/** ...but is shown this far at least, even when prints filled the output. */
const shownValueMinChars = 1_000;

/** The host thread's REPL functions as the worker reaches them: blocking (the sandbox waits) or started (a promise). */
export interface HostCalls {
  callSync(name: string, argsJson: string): HostReply;
  callAsync(name: string, argsJson: string): Promise<HostReply>;
}

interface RunningCell {
  output: CellOutput;
  startedAt: number;
  hostWaitMs: number;
  finalAnswer?: string;
  stop?: CellStop;
  /** Promises handed to the cell by `.async` calls, not yet settled. */
  pending: Set<QuickJSDeferredPromise>;
  /** Wakes the cell's settling loop when a started call comes back. */
  wake?: () => void;
}

interface Vm {
  module: QuickJSAsyncWASMModule;
  context: QuickJSAsyncContext;
  memory: WasmMemory;
  /** The prelude's `show(value, maxChars, mode)`: bounded, interruptible formatting of what a cell ends with or throws. */
  show: QuickJSHandle;
}

/** What we use of WebAssembly.Memory (Node has it; the core's ES2022 lib does not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
declare const WebAssembly: { Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory };

/** The asyncify build starts with 16 MB of WASM memory (its INITIAL_MEMORY); the limit is growth beyond that. */
const initialWasmPages = 256;
const wasmPageBytes = 65_536;

export class SandboxVm {
  private vm!: Vm;
  private cell: RunningCell | undefined;
  private readonly asyncNames: ReadonlySet<string>;
  private readonly globalNames: readonly string[];
  /** The REPL's globals, which a cell may "import" (`import { grep } from 'rlm'`) without effect. */
  private readonly replNames: ReadonlySet<string>;
  private readonly syncFunctions: ReadonlyMap<string, SyncReplFunction>;
  private readonly control: Int32Array;
  private readonly limits: SandboxLimits;

  private constructor(
    private readonly data: SandboxWorkerData,
    private readonly host: HostCalls,
  ) {
    this.limits = data.limits;
    this.control = new Int32Array(data.control);
    this.asyncNames = new Set(data.functions.filter((f) => f.mode === 'async').map((f) => f.name));
    this.globalNames = [...data.functions.map((f) => f.name), ...preludeGlobals];
    this.replNames = new Set(this.globalNames);
    const sync = replFunctions.filter((f): f is SyncReplFunction => f.mode === 'sync');
    this.syncFunctions = new Map(
      sync.filter((f) => data.functions.some((d) => d.name === f.name && d.mode === 'sync')).map((f) => [f.name, f]),
    );
  }

  static async create(data: SandboxWorkerData, host: HostCalls): Promise<SandboxVm> {
    const vm = new SandboxVm(data, host);
    vm.vm = await vm.createVm();
    // V8 compiles WASM functions on first call; a first evaluation here keeps that (up to seconds on a busy
    // machine, once per process) out of the first cell, where it would delay cancelling.
    const warm = vm.vm.context.evalCode('[3, 1, 2].sort((a, b) => a - b).map((x) => String(x)).join()', 'warm-up.js');
    vm.vm.context.unwrapResult(warm).dispose();
    return vm;
  }

  get memoryBytes(): number {
    return this.vm.memory.buffer.byteLength;
  }

  async runCell(code: string, fileName: string): Promise<WorkerCellResult> {
    const cell: RunningCell = {
      output: new CellOutput(this.limits.outputChars),
      startedAt: performance.now(),
      hostWaitMs: 0,
      pending: new Set(),
    };
    this.cell = cell;
    let error: string | undefined;
    let sessionReset = false;
    try {
      const { context } = this.vm;
      context.runtime.setInterruptHandler(() => this.shouldInterrupt(cell));
      const script = this.transform(code);
      if (typeof script !== 'string') {
        error = script.error;
      } else {
        const result = context.evalCode(script, fileName);
        if (result.error) {
          cell.stop ??= this.requestedStop(); // stopped during a host call the cell then left
          error = this.describeError(cell, this.dumpThrown(cell, result.error), fileName);
          result.error.dispose();
        } else {
          error = await this.settle(cell, result.value, fileName);
          result.value.dispose();
        }
      }
    } catch (crash) {
      // A trap inside the WASM module leaves it unusable: start afresh.
      error = `The sandbox crashed (${crash instanceof Error ? crash.message : String(crash)}). The REPL was reset: all variables are gone.`;
      await this.reset();
      sessionReset = true;
    } finally {
      for (const deferred of cell.pending) deferred.dispose(); // calls still out when the cell ended: their answers are dropped
      cell.pending.clear();
      this.cell = undefined;
    }
    return {
      output: cell.output.text(),
      ...(error === undefined ? {} : { error }),
      ...(cell.stop ? { stop: cell.stop } : {}),
      ...(cell.finalAnswer === undefined ? {} : { finalAnswer: cell.finalAnswer }),
      droppedChars: cell.output.dropped,
      sessionReset,
      memoryBytes: this.memoryBytes,
    };
  }

  /** The script to evaluate, or the message for a cell that is not JavaScript or TypeScript. */
  private transform(code: string): string | { error: string } {
    try {
      return transformCell(code, this.asyncNames, this.replNames).code;
    } catch (error) {
      if (error instanceof CellSyntaxError) return { error: `SyntaxError: ${error.message}` };
      throw error;
    }
  }

  /**
   * Runs promise callbacks until the cell's value settles, waiting for the host whenever the cell awaits calls
   * still running there; then reports the value or the rejection.
   */
  private async settle(cell: RunningCell, value: QuickJSHandle, fileName: string): Promise<string | undefined> {
    const { context } = this.vm;
    let settled = false;
    for (;;) {
      const jobs = context.runtime.executePendingJobs();
      if (jobs.error) {
        cell.stop ??= this.requestedStop();
        const message = this.describeError(cell, this.dumpThrown(cell, jobs.error), fileName);
        jobs.error.dispose();
        return message;
      }
      if (settled) {
        // Promises the cell started and did not await (`main();` without await, a `.then` then more code): their
        // host calls are still answered and their callbacks run, so a FINAL in them counts.
        cell.stop ??= this.requestedStop();
        if (cell.pending.size === 0 || cell.stop || cell.finalAnswer !== undefined) {
          return cell.stop ? this.describeError(cell, undefined, fileName) : undefined;
        }
        await this.waitForHost(cell);
        continue;
      }
      const state = context.getPromiseState(value);
      if (state.type === 'rejected') {
        cell.stop ??= this.requestedStop();
        const message = this.describeError(cell, this.dumpThrown(cell, state.error), fileName);
        state.error.dispose();
        return message;
      }
      if (state.type === 'fulfilled') {
        const shown = state.notAPromise ? value : state.value;
        const text = this.showValue(shown, cell.output.room);
        if (!state.notAPromise) state.value.dispose();
        if (text !== undefined) cell.output.append(`→ ${text}`);
        settled = true;
        continue;
      }
      if (cell.pending.size === 0 || cell.stop) {
        cell.stop ??= this.requestedStop();
        if (cell.stop) return this.describeError(cell, undefined, fileName);
        return 'The cell awaits a promise that nothing resolves (there are no timers or events here; only the REPL functions answer). Its variables are kept.';
      }
      await this.waitForHost(cell);
    }
  }

  /**
   * The text shown for a cell's last value: objects are written out inside the sandbox, bounded and interruptible
   * (the host's dump is one native call the CPU limit cannot stop); other values are small or plain strings.
   */
  private showValue(handle: QuickJSHandle, room: number): string | undefined {
    const { context } = this.vm;
    const type = context.typeof(handle);
    if (type !== 'object') {
      const dumped: unknown = context.dump(handle);
      return dumped === undefined ? undefined : typeof dumped === 'string' ? dumped : safeJson(dumped);
    }
    // Cut where the output has room, so the note saying how to see the rest is kept.
    const maxChars = Math.max(shownValueMinChars, room - shownValueNoteChars);
    return this.callShow(handle, maxChars, 'pretty') ?? '[the value could not be shown]';
  }

  /**
   * What a cell threw, as `formatCellError` reads it: an error's fields, another object written out compactly, a
   * primitive as is. Nothing is read once the cell is stopping: its message says why, and the sandbox would not run.
   */
  private dumpThrown(cell: RunningCell, handle: QuickJSHandle): unknown {
    const { context } = this.vm;
    if (context.typeof(handle) !== 'object') return context.dump(handle);
    if (cell.stop) return undefined;
    const fields = this.callShow(handle, maxErrorChars, 'error');
    if (fields !== undefined) return JSON.parse(fields) as unknown;
    // No error: the compact text is shown after "Uncaught", like a thrown string.
    return this.callShow(handle, maxErrorChars, 'compact') ?? '(a value that could not be shown)';
  }

  /** Calls the prelude's `show`; undefined when it returned nothing or failed (the CPU limit, out of memory). */
  private callShow(handle: QuickJSHandle, maxChars: number, mode: 'pretty' | 'compact' | 'error'): string | undefined {
    const { context, show } = this.vm;
    const max = context.newNumber(maxChars);
    const how = context.newString(mode);
    const result = context.callFunction(show, context.undefined, handle, max, how);
    max.dispose();
    how.dispose();
    if (result.error) {
      const failure: unknown = context.dump(result.error);
      result.error.dispose();
      const message = (failure as { message?: unknown } | null)?.message;
      if (this.cell && !this.cell.stop && message === 'out of memory') this.cell.stop = 'memory';
      return undefined;
    }
    const text = context.typeof(result.value) === 'string' ? context.getString(result.value) : undefined;
    result.value.dispose();
    return text;
  }

  private async waitForHost(cell: RunningCell): Promise<void> {
    const started = performance.now();
    await new Promise<void>((resolve) => {
      cell.wake = resolve;
    });
    cell.hostWaitMs += performance.now() - started;
  }

  /** The model's view of the error; the host thread words 'run-stopped' itself (it holds the stopping error). */
  private describeError(cell: RunningCell, dumped: unknown, fileName: string): string {
    // A thrown 30 MB string is the model's to read in part, not to copy into every event and log line.
    const text = this.errorText(cell, dumped, fileName);
    return text.length > maxErrorChars
      ? `${text.slice(0, maxErrorChars)}… [error cut: ${text.length} characters]`
      : text;
  }

  private errorText(cell: RunningCell, dumped: unknown, fileName: string): string {
    const message = (dumped as { message?: unknown } | null)?.message;
    if (!cell.stop && message === 'out of memory') cell.stop = 'memory';
    const limitMb = Math.round(this.limits.memoryBytes / 1024 / 1024);
    switch (cell.stop) {
      case 'cpu-time':
        return `Stopped: the cell ran for more than ${this.limits.cellCpuMs} ms of CPU time (an endless loop?). Variables set before the stop are kept.`;
      case 'memory':
        return `Stopped: out of memory (the REPL may use ${limitMb} MB). Free large variables (name = null) and keep less in memory: counts, slices, summaries.`;
      case 'cancelled':
        return 'Stopped: the run was cancelled.';
      case 'run-stopped':
        return 'Stopped: the run was stopped.';
      default:
        return formatCellError(dumped, fileName, this.globalNames);
    }
  }

  private requestedStop(): CellStop | undefined {
    const value = Atomics.load(this.control, 0);
    if (value === controlCancel) return 'cancelled';
    return value === controlRunStopped ? 'run-stopped' : undefined;
  }

  private shouldInterrupt(cell: RunningCell): boolean {
    if (cell.stop) return true;
    cell.stop = this.requestedStop();
    if (!cell.stop && performance.now() - cell.startedAt - cell.hostWaitMs > this.limits.cellCpuMs)
      cell.stop = 'cpu-time';
    return cell.stop !== undefined;
  }

  private async reset(): Promise<void> {
    const old = this.vm;
    this.vm = await this.createVm();
    disposeVm(old);
  }

  private async createVm(): Promise<Vm> {
    // Our own Memory with a maximum is the real heap cap: QuickJS's malloc limit misses large buffers in this
    // build, while failing to grow WASM memory is a clean "out of memory".
    const memory = new WebAssembly.Memory({
      initial: initialWasmPages,
      maximum: initialWasmPages + Math.ceil(this.limits.memoryBytes / wasmPageBytes),
    });
    const module = await newQuickJSAsyncWASMModule(
      newVariant(quickjsAsyncVariant, { wasmMemory: memory, wasmModule: this.data.wasmModule as never }),
    );
    const runtime = module.newRuntime();
    runtime.setMemoryLimit(this.limits.memoryBytes);
    runtime.setMaxStackSize(this.limits.stackBytes);
    const context = runtime.newContext();
    const entries = {
      [syncEntryName]: context.newFunction(syncEntryName, (name, args) =>
        context.newString(this.callHost(context.getString(name), context.getString(args))),
      ),
      [startEntryName]: context.newFunction(startEntryName, (name, args) =>
        this.startHostCall(context, context.getString(name), context.getString(args)),
      ),
      [localEntryName]: context.newFunction(localEntryName, (name, args) =>
        context.newString(this.callLocal(context.getString(name), context.getString(args))),
      ),
    };
    for (const [name, entry] of Object.entries(entries)) {
      context.setProp(context.global, name, entry);
      entry.dispose();
    }
    const show = context.unwrapResult(
      context.evalCode(
        sandboxPrelude(this.data.functions, defaultArgumentBounds, this.limits.outputChars),
        'prelude.js',
      ),
    );
    return { module, context, memory, show };
  }

  /** A REPL function the cell waits for: the worker blocks until the host thread answers (CPU time excludes the wait). */
  private callHost(name: string, argsJson: string): string {
    const cell = this.cell;
    const refused = this.refuseHostCall(cell, name, argsJson);
    if (refused !== undefined || !cell) return refused ?? '';
    const started = performance.now();
    try {
      const reply = this.host.callSync(name, argsJson);
      for (const note of reply.notes) cell.output.append(note);
      return reply.json;
    } finally {
      cell.hostWaitMs += performance.now() - started;
    }
  }

  /** The `.async` form: the host starts the call and the cell gets a promise, settled when the answer arrives. */
  private startHostCall(context: QuickJSAsyncContext, name: string, argsJson: string): QuickJSHandle {
    const cell = this.cell;
    const deferred = context.newPromise();
    const refused = this.refuseHostCall(cell, name, argsJson);
    if (refused !== undefined || !cell) {
      const reply = context.newString(refused ?? '');
      deferred.resolve(reply);
      reply.dispose();
      return deferred.handle;
    }
    cell.pending.add(deferred);
    void this.host.callAsync(name, argsJson).then((reply) => {
      if (!cell.pending.delete(deferred)) return; // the cell already ended
      for (const note of reply.notes) cell.output.append(note);
      const json = context.newString(reply.json);
      deferred.resolve(json);
      json.dispose();
      cell.wake?.();
    });
    return deferred.handle;
  }

  private refuseHostCall(cell: RunningCell | undefined, name: string, argsJson: string): string | undefined {
    if (!cell || !this.asyncNames.has(name))
      return JSON.stringify({ ok: false, error: `${name} is not available here.` });
    cell.stop ??= this.requestedStop();
    if (cell.stop) return JSON.stringify({ ok: false, error: `${name}: the cell is stopping (${cell.stop}).` });
    const shape = argumentShapeError(name, argsJson, defaultArgumentBounds);
    if (shape) return JSON.stringify({ ok: false, error: shape });
    return undefined;
  }

  private callLocal(name: string, argsJson: string): string {
    const cell = this.cell;
    const fn = this.syncFunctions.get(name);
    if (!cell || !fn) return JSON.stringify({ ok: false, error: `${name} is not available here.` });
    // Once a run-stopping error or a cancel arrived, nothing more reaches the output or the answer.
    cell.stop ??= this.requestedStop();
    if (cell.stop) return JSON.stringify({ ok: false, error: `${name}: the cell is stopping (${cell.stop}).` });
    const shape = argumentShapeError(name, argsJson, defaultArgumentBounds);
    if (shape) return JSON.stringify({ ok: false, error: shape });
    const sinks: CellSinks = {
      note: (line) => cell.output.append(line),
      print: (text) => cell.output.append(text),
      final: (answer) => {
        cell.finalAnswer = answer;
      },
    };
    try {
      return JSON.stringify({ ok: true, value: fn.run(sinks, JSON.parse(argsJson) as unknown[]) });
    } catch (error) {
      return JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }
}

function disposeVm(vm: Vm): void {
  try {
    vm.show.dispose();
    vm.context.dispose();
    vm.context.runtime.dispose();
  } catch {
    // A module that trapped or was stopped mid-cell may refuse an orderly free; dropping it frees its memory.
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
