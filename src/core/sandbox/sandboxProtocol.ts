/**
 * Messages between a `ReplSession` (host thread) and its sandbox worker. Only strings and plain data cross, so no
 * host object is ever reachable from the worker, let alone from the sandboxed code.
 */
import type { CellResult, SandboxLimits } from './sandboxTypes';

/** Values of the shared control word the worker's interrupt handler reads. */
export const controlRun = 0;
export const controlCancel = 1;
export const controlRunStopped = 2;

export interface SandboxWorkerData {
  limits: SandboxLimits;
  /** The table's functions as the prelude binds them; sync ones run in the worker, async ones are proxied. */
  functions: { name: string; mode: 'async' | 'sync' }[];
  /** Int32Array[1] over a SharedArrayBuffer: controlRun, controlCancel or controlRunStopped. */
  control: SharedArrayBuffer;
  /** QuickJS's compiled `WebAssembly.Module`, shared by all workers so none compiles it again. */
  wasmModule: object;
  /** Int32Array[1]: the host sets it to 1 and notifies once the answer to a blocking call is on `syncPort`. */
  syncReply: SharedArrayBuffer;
  /** The port blocking calls are answered on (a `MessagePort`, transferred to the worker). */
  syncPort: unknown;
}

/** Host thread → worker. */
export type ToSandboxWorker =
  { type: 'run'; cellId: number; code: string; fileName: string } | { type: 'reply'; callId: number; reply: HostReply };

/** The answer to a proxied host call: the JSON the prelude parses, and notes to append before returning. */
export interface HostReply {
  json: string;
  notes: string[];
}

/** Worker → host thread. */
export type FromSandboxWorker =
  | { type: 'ready'; memoryBytes: number }
  | { type: 'init-failed'; message: string }
  /** `blocking`: the sandbox waits on `syncReply` for the answer on `syncPort`; otherwise a 'reply' message answers. */
  | { type: 'call'; callId: number; name: string; argsJson: string; blocking: boolean }
  | { type: 'done'; cellId: number; result: WorkerCellResult };

/** A cell's result as the worker reports it; the host adds the timing and any run-stopping error. */
export type WorkerCellResult = Omit<CellResult, 'durationMs' | 'runStoppingError'> & { memoryBytes: number };
