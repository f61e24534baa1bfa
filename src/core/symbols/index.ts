// The symbol index: tree-sitter extraction, a persisted workspace index, scope-first resolution and call-graph queries.
export { SymbolIndex } from './symbolIndex';
export type {
  BuildOptions,
  GraphSink,
  IndexProgress,
  IndexStats,
  ResolvedImport,
  SymbolIndexConfig,
  UpdateOutcome,
} from './symbolIndex';
export { defaultSymbolIndexOptions } from './symbolIndexOptions';
export type { SymbolIndexOptions } from './symbolIndexOptions';
export type { FindOptions } from './symbolSearch';
export type { TraceOptions } from './symbolTrace';
export { indexableFiles, indexableListing } from './workspaceFiles';
export { IndexCancelledError } from './indexCancelledError';
export { IndexProgressMeter } from './indexProgressMeter';
export { GrammarLoadError } from './grammarLoadError';
export { allLanguages, languageForPath } from './languages';
export type * from './symbolTypes';
export { definitionKinds } from './symbolTypes';
export { buildTraceSubgraph, traceSubgraphToDot } from './traceSubgraph';
