import { definitionKinds } from './symbolTypes';
import type { Definition, DefinitionKind, FileSymbols } from './symbolTypes';

/** What the store needs from a file without reading its records: the names it indexes and the counts stats report. */
export interface RecordSummary {
  definitionNames: readonly string[];
  /** `definitionTrait` of each definition, in the same order. */
  definitionTraits: readonly number[];
  /** Distinct names the file references. */
  referenceNames: readonly string[];
  /** Distinct modules the file imports (what `importers` resolves). */
  importModules: readonly string[];
  /** `[name, alias]` for each `import { name as alias }` (uses spelled `alias` refer to `name`). */
  aliases: ReadonlyArray<readonly [string, string]>;
  definitions: number;
  references: number;
  imports: number;
}

/** The records of a file, as they decode from the cache. */
export type FileRecords = Pick<FileSymbols, 'definitions' | 'references' | 'imports' | 'bindings'>;

/** Where records left on disk are read from: the cache file, or the spool a cold build writes as it goes. */
export interface RecordSource {
  read(offset: number, length: number): Buffer;
}

/** A file's records left on disk, read with one positional read when first used. */
export interface StoredLine {
  source: RecordSource;
  offset: number;
  length: number;
}

/**
 * A file's records: a JSON string (extracted on this thread), or the same JSON deflated (raw deflate) as bytes
 * from a worker or as a place on disk.
 */
export type EncodedLine = string | Uint8Array | StoredLine;

interface LazyState {
  summary: RecordSummary;
  /** The encoded records, kept until first use and for re-saving unchanged. */
  raw: EncodedLine;
  records?: FileRecords;
}

const lazyStates = new WeakMap<FileSymbols, LazyState>();
const recordKeys = ['definitions', 'references', 'imports', 'bindings'] as const;
/**
 * Files whose records stay decoded, least recently used first: a query that walks tens of thousands of files (a
 * recall check, `importers`, a hot name's callers) must not keep them all as objects. Evicted records decode again
 * from their encoded form when next used.
 */
const decodedLimit = 5000;
const decoded = new Set<LazyState>();

function recordsOf(state: LazyState, decode: (raw: EncodedLine) => FileRecords): FileRecords {
  if (state.records) {
    decoded.delete(state);
    decoded.add(state);
    return state.records;
  }
  const records = decode(state.raw);
  state.records = records;
  decoded.add(state);
  if (decoded.size > decodedLimit) {
    const oldest = decoded.values().next().value as LazyState;
    decoded.delete(oldest);
    oldest.records = undefined;
  }
  return records;
}

/**
 * A file whose records decode on first access: re-opening a large index creates a few thousand objects, not a few hundred thousand.
 * The record fields are enumerable getters, so the object still reads (and serializes) as plain `FileSymbols`.
 */
export function lazyFileSymbols(
  head: Pick<FileSymbols, 'file' | 'language' | 'hasSyntaxErrors'>,
  summary: RecordSummary,
  raw: EncodedLine,
  decode: (raw: EncodedLine) => FileRecords,
): FileSymbols {
  const state: LazyState = { summary, raw };
  const symbols = { ...head } as FileSymbols;
  for (const key of recordKeys) {
    Object.defineProperty(symbols, key, {
      enumerable: true,
      get: () => recordsOf(state, decode)[key],
    });
  }
  lazyStates.set(symbols, state);
  return symbols;
}

/** The encoded records of a lazy file not decoded yet (re-saved as they are); undefined otherwise. */
export function untouchedRecords(symbols: FileSymbols): EncodedLine | undefined {
  const state = lazyStates.get(symbols);
  return state && !state.records ? state.raw : undefined;
}

/** Points a lazy file's records at a copy of the same bytes on disk, so they need not stay in memory. */
export function storeRecords(symbols: FileSymbols, stored: StoredLine): boolean {
  const state = lazyStates.get(symbols);
  if (!state) return false;
  state.raw = stored;
  return true;
}

/** Names and counts of a file, without decoding a lazy one. */
export function recordSummary(symbols: FileSymbols): RecordSummary {
  const state = lazyStates.get(symbols);
  if (state) return state.summary;
  return {
    definitionNames: symbols.definitions.map((d) => d.name),
    definitionTraits: symbols.definitions.map(definitionTrait),
    referenceNames: [...new Set(symbols.references.map((r) => r.name))],
    importModules: [...new Set(symbols.imports.map((r) => r.module))],
    aliases: symbols.imports.flatMap((record) =>
      record.names
        .filter((entry) => entry.alias !== undefined && entry.name !== '*')
        .map((entry) => [entry.name, entry.alias as string] as const),
    ),
    definitions: symbols.definitions.length,
    references: symbols.references.length,
    imports: symbols.imports.length,
  };
}

/**
 * What resolution filters definitions by before reading them, in one byte: the kind and whether it has a container.
 * The index keeps one per definition beside its name, so a name defined in thousands of files is narrowed to the few
 * that can match without decoding those files' records.
 */
export function definitionTrait(def: Pick<Definition, 'kind' | 'container'>): number {
  return definitionKinds.indexOf(def.kind) | (def.container === undefined ? 0 : containedTrait);
}

export function traitKind(trait: number): DefinitionKind {
  return definitionKinds[trait & ~containedTrait];
}

export function traitHasContainer(trait: number): boolean {
  return (trait & containedTrait) !== 0;
}

const containedTrait = 0x80;
