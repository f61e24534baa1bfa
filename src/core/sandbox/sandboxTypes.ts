/**
 * What the sandbox needs from the rest of the system (narrow interfaces) and what one cell run returns.
 */
import type { Workspace } from '../workspace/workspace';

/** The slice of the symbol index the REPL exposes; values cross into the sandbox as JSON. */
export interface SandboxSymbolService {
  symbols(path: string, context?: SymbolCallContext): Promise<readonly object[]>;
  findSymbol(name: string, context?: SymbolCallContext): Promise<readonly object[]>;
  references(name: string, context?: SymbolCallContext): Promise<readonly object[]>;
  trace(name: string, options: TraceOptions, context?: SymbolCallContext): Promise<object>;
}

/** What a symbol call gets from the running cell: its cancellation and a way to add a line to its output. */
export interface SymbolCallContext {
  signal?: AbortSignal;
  /** E.g. "[references: 100 of 340 shown]", so capped results say so without changing their shape. */
  note?: (line: string) => void;
}

export interface TraceOptions {
  direction: 'callers' | 'callees' | 'both';
  depth: number;
}

export interface SubCallOptions {
  /** A system message for the sub-model. */
  system?: string;
  maxTokens?: number;
  /** False: a context-length error is thrown instead of retried smaller (llmMap splits the chunk instead). */
  retryOnOverflow?: boolean;
  /** What tells this call apart from its siblings in the recursion tree and the timeline (a file's line range, a prompt's own words). */
  label?: string;
  /** Told when the prompt was summarized, cut or retried smaller to fit the sub-model's window (a line for the cell). */
  note?: (line: string) => void;
}

/** One sub-model call; the engine implements it (budget, events, usage) and the sandbox only fans out. */
export type SubCall = (prompt: string, options: SubCallOptions, signal: AbortSignal) => Promise<string>;

/** A child explorer at depth + 1 answering `question`; the engine implements it. */
type ChildRun = (question: string, options: { maxIterations?: number }, signal: AbortSignal) => Promise<string>;

export interface SandboxDependencies {
  workspace: Workspace;
  /** Absent until the symbol index is wired; the symbol functions then say so to the model. */
  symbols?: SandboxSymbolService;
  subCall: SubCall;
  childRun: ChildRun;
  /** Sub-calls the run may still make; llmBatch/llmMap refuse a longer list before sending any. */
  subCallsLeft?: () => number;
  /** Told of each workspace file a cell reads or maps (the context meter counts them whole). */
  onFileTouched?: (path: string) => void;
  /** Tokens one sub-call prompt may take with these options, from the sub-model's context window. */
  subCallPromptTokens?: (options: SubCallOptions) => Promise<number>;
}

export interface SandboxLimits {
  /** CPU time of one cell, not counting waits in host functions. The cell runs in a worker thread, so the host stays responsive meanwhile. */
  cellCpuMs: number;
  /** How far the session's WASM heap may grow past its initial 16 MB; beyond it allocations fail ("out of memory"). */
  memoryBytes: number;
  /** QuickJS's own stack: deep recursion beyond it is a "stack overflow" error the model can read. */
  stackBytes: number;
  /** Printed characters kept per cell; the rest is counted and dropped. */
  outputChars: number;
  /** Sub-calls in flight at once across the whole run tree (every llm, llmBatch, llmMap and child run). */
  subCallConcurrency: number;
  /** The worker thread's stack (V8 `resourceLimits.stackSizeMb`): room for deep host-side frames while a cell calls out. */
  workerStackMb: number;
}

export const defaultSandboxLimits: Readonly<SandboxLimits> = {
  cellCpuMs: 1_000,
  memoryBytes: 64 * 1024 * 1024,
  stackBytes: 1024 * 1024, // recursion 2000 deep works; an endless one is a clean "stack overflow" (measured)
  outputChars: 20_000,
  subCallConcurrency: 8,
  workerStackMb: 256, // QuickJS recursion 2000 deep needs the room (measured)
};

/** Why a cell stopped before its end. */
export type CellStop = 'cpu-time' | 'memory' | 'cancelled' | 'run-stopped';

export interface CellResult {
  /** Printed text and notes, then the value of the last expression when it is not undefined. */
  output: string;
  /** The error the cell ended with, formatted for the model with cell line numbers. */
  error?: string;
  stop?: CellStop;
  /** Set when the cell called FINAL(answer). */
  finalAnswer?: string;
  /** Characters of printed output dropped by the cap. */
  droppedChars: number;
  /** True when the session was rebuilt after this cell (the WASM module trapped): earlier variables are gone. */
  sessionReset: boolean;
  durationMs: number;
  /** An error from a host function that must end the whole run (budget exhausted); the engine rethrows it. */
  runStoppingError?: unknown;
}

/** Errors with this flag end the run instead of becoming REPL output the model can catch and ignore. */
export interface RunStoppingError {
  readonly stopsRun: true;
}

export function isRunStoppingError(value: unknown): value is RunStoppingError {
  return typeof value === 'object' && value !== null && (value as { stopsRun?: unknown }).stopsRun === true;
}
