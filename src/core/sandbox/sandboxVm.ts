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
  type QuickJSHandle,
} from 'quickjs-emscripten';
import { CellOutput } from './cellOutput';
import { formatCellError } from './formatCellError';
import { quickjsAsyncVariant } from './quickjsAsyncVariant';
import { replFunctions, type CellSinks, type SyncReplFunction } from './replFunctions';
import { asyncEntryName, persistTopLevelDeclarations, sandboxPrelude, syncEntryName } from './sandboxPrelude';
import { controlCancel, controlRunStopped, type HostReply, type SandboxWorkerData, type WorkerCellResult } from './sandboxProtocol';
import type { CellStop, SandboxLimits } from './sandboxTypes';

/** Proxies an async REPL function to the host thread. */
export type HostCall = (name: string, argsJson: string) => Promise<HostReply>;

interface RunningCell {
  output: CellOutput;
  startedAt: number;
  hostWaitMs: number;
  finalAnswer?: string;
  stop?: CellStop;
}

interface Vm {
  module: QuickJSAsyncWASMModule;
  context: QuickJSAsyncContext;
  memory: WasmMemory;
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
  private readonly syncFunctions: ReadonlyMap<string, SyncReplFunction>;
  private readonly control: Int32Array;
  private readonly limits: SandboxLimits;

  private constructor(private readonly data: SandboxWorkerData, private readonly hostCall: HostCall) {
    this.limits = data.limits;
    this.control = new Int32Array(data.control);
    this.asyncNames = new Set(data.functions.filter((f) => f.mode === 'async').map((f) => f.name));
    const sync = replFunctions.filter((f): f is SyncReplFunction => f.mode === 'sync');
    this.syncFunctions = new Map(sync.filter((f) => data.functions.some((d) => d.name === f.name && d.mode === 'sync')).map((f) => [f.name, f]));
  }

  static async create(data: SandboxWorkerData, hostCall: HostCall): Promise<SandboxVm> {
    const vm = new SandboxVm(data, hostCall);
    vm.vm = await vm.createVm();
    // V8 compiles WASM functions on first call; a first evaluation here keeps that (up to seconds on a busy
    // machine, once per process) out of the first cell, where it would delay cancelling.
    const warm = await vm.vm.context.evalCodeAsync('[3, 1, 2].sort((a, b) => a - b).map((x) => String(x)).join()', 'warm-up.js');
    vm.vm.context.unwrapResult(warm).dispose();
    return vm;
  }

  get memoryBytes(): number {
    return this.vm.memory.buffer.byteLength;
  }

  async runCell(code: string, fileName: string): Promise<WorkerCellResult> {
    const cell: RunningCell = { output: new CellOutput(this.limits.outputChars), startedAt: performance.now(), hostWaitMs: 0 };
    this.cell = cell;
    let error: string | undefined;
    let sessionReset = false;
    try {
      const { context } = this.vm;
      context.runtime.setInterruptHandler(() => this.shouldInterrupt(cell));
      const result = await context.evalCodeAsync(persistTopLevelDeclarations(code), fileName);
      cell.stop ??= this.requestedStop(); // stopped during a host call the cell then left
      if (result.error) {
        error = this.describeError(cell, context.dump(result.error), fileName);
        result.error.dispose();
      } else {
        error = this.settle(cell, result.value, fileName);
        result.value.dispose();
      }
    } catch (crash) {
      // A trap inside the WASM module (host stack exhausted while unwinding) leaves it unusable: start afresh.
      error = `The sandbox crashed (${crash instanceof Error ? crash.message : String(crash)}). The REPL was reset: all variables are gone.`;
      await this.reset();
      sessionReset = true;
    } finally {
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

  /** Runs pending jobs (promise callbacks), then reports the cell's value or its rejected promise. */
  private settle(cell: RunningCell, value: QuickJSHandle, fileName: string): string | undefined {
    const { context } = this.vm;
    const jobs = context.runtime.executePendingJobs();
    if (jobs.error) {
      const message = this.describeError(cell, context.dump(jobs.error), fileName);
      jobs.error.dispose();
      return message;
    }
    const state = context.getPromiseState(value);
    if (state.type === 'rejected') {
      const message = this.describeError(cell, context.dump(state.error), fileName);
      state.error.dispose();
      return message;
    }
    if (state.type === 'pending') {
      cell.output.append('→ Promise { <pending> } (host functions are synchronous: call them without await)');
      return undefined;
    }
    const shown = state.notAPromise ? value : state.value;
    const dumped = context.dump(shown);
    if (!state.notAPromise) state.value.dispose();
    if (dumped !== undefined) cell.output.append(`→ ${typeof dumped === 'string' ? dumped : safeJson(dumped)}`);
    return undefined;
  }

  /** The model's view of the error; the host thread words 'run-stopped' itself (it holds the stopping error). */
  private describeError(cell: RunningCell, dumped: unknown, fileName: string): string {
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
        return formatCellError(dumped, fileName);
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
    if (!cell.stop && performance.now() - cell.startedAt - cell.hostWaitMs > this.limits.cellCpuMs) cell.stop = 'cpu-time';
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
    const memory = new WebAssembly.Memory({ initial: initialWasmPages, maximum: initialWasmPages + Math.ceil(this.limits.memoryBytes / wasmPageBytes) });
    const module = await newQuickJSAsyncWASMModule(newVariant(quickjsAsyncVariant, { wasmMemory: memory, wasmModule: this.data.wasmModule as never }));
    const runtime = module.newRuntime();
    runtime.setMemoryLimit(this.limits.memoryBytes);
    runtime.setMaxStackSize(this.limits.stackBytes);
    const context = runtime.newContext();
    const asyncEntry = context.newAsyncifiedFunction(asyncEntryName, (name, args) => this.callHost(context, name, args));
    const syncEntry = context.newFunction(syncEntryName, (name, args) => context.newString(this.callSync(context.getString(name), context.getString(args))));
    context.setProp(context.global, asyncEntryName, asyncEntry);
    context.setProp(context.global, syncEntryName, syncEntry);
    asyncEntry.dispose();
    syncEntry.dispose();
    context.unwrapResult(context.evalCode(sandboxPrelude(this.data.functions, this.limits.hostCallMaxFrames), 'prelude.js')).dispose();
    return { module, context, memory };
  }

  private async callHost(context: QuickJSAsyncContext, nameHandle: QuickJSHandle, argsHandle: QuickJSHandle): Promise<QuickJSHandle> {
    const cell = this.cell;
    const name = context.getString(nameHandle);
    if (!cell || !this.asyncNames.has(name)) return context.newString(JSON.stringify({ ok: false, error: `${name} is not available here.` }));
    cell.stop ??= this.requestedStop();
    if (cell.stop) return context.newString(JSON.stringify({ ok: false, error: `${name}: the cell is stopping (${cell.stop}).` }));
    const started = performance.now();
    try {
      const reply = await this.hostCall(name, context.getString(argsHandle));
      for (const note of reply.notes) cell.output.append(note);
      return context.newString(reply.json);
    } finally {
      cell.hostWaitMs += performance.now() - started;
    }
  }

  private callSync(name: string, argsJson: string): string {
    const cell = this.cell;
    const fn = this.syncFunctions.get(name);
    if (!cell || !fn) return JSON.stringify({ ok: false, error: `${name} is not available here.` });
    // Once a run-stopping error or a cancel arrived, nothing more reaches the output or the answer.
    cell.stop ??= this.requestedStop();
    if (cell.stop) return JSON.stringify({ ok: false, error: `${name}: the cell is stopping (${cell.stop}).` });
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
