// The sandboxed REPL: sessions, the model-facing function table and what is generated from it.
export { ReplSession } from './replSession';
export { replFunctions, replFunctionsMarkdown, replFunctionsPromptSection } from './replFunctions';
export type { AsyncReplFunction, CellSinks, ReplFunction, ReplGroup, ReplHost, SyncReplFunction } from './replFunctions';
export { IndexedSymbolService } from './indexedSymbolService';
export type { IndexedSymbolServiceConfig } from './indexedSymbolService';
export { defaultSymbolResultLimits } from './symbolRecords';
export type { ReferenceRecord, SymbolRecord, SymbolResultLimits, TraceRecord } from './symbolRecords';
export { defaultSandboxLimits, isRunStoppingError } from './sandboxTypes';
export type {
  CellResult,
  CellStop,
  ChildRun,
  RunStoppingError,
  SandboxDependencies,
  SandboxLimits,
  SandboxSymbolService,
  SubCall,
  SubCallOptions,
  SymbolCallContext,
  TraceOptions,
} from './sandboxTypes';
