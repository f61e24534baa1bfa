import type { FileOutcome } from './fileExtraction';
import { CooperativeClock } from '../workspace/files/cooperativeClock';
import { keptSnapshotFiles } from './indexSnapshot';
import type { IndexSnapshot, SnapshotFile } from './indexSnapshot';
import {
  definitionTrait,
  lazyFileSymbols,
  recordSummary,
  traitHasContainer,
  traitKind,
  untouchedRecords,
} from './lazySymbols';
import type { RecordSummary } from './lazySymbols';
import { matchKey, mayMatch, requiredPiece } from './symbolSearch';
import { decodeRecords, encodedRecordBytes, recordBytes } from './symbolCache';
import type { Definition, DefinitionKind, FileSymbols, LanguageId, SkippedSymbolFile, SymbolInfo } from './symbolTypes';

/** Decides on a definition from what the index keeps beside its name. */
export type DefinitionFilter = (kind: DefinitionKind, hasContainer: boolean, language: LanguageId) => boolean;

/** A definition by position: the file's records and its index in `definitions`. */
export interface DefHandle {
  symbols: FileSymbols;
  index: number;
}

export interface FileStamp {
  mtimeMs: number;
  size: number;
}

/** What stats and imports need of a file without reading its records. */
export interface FileSummary {
  readonly file: string;
  language: LanguageId;
  hasSyntaxErrors: boolean;
  definitions: number;
  references: number;
  imports: number;
  /** Decoded when read (stats never read it). */
  readonly importModules: readonly string[];
}

/**
 * Every file's extraction results and the name indexes over them, in two tiers: an opened snapshot (typed
 * arrays, records on disk, nothing per file until a query touches it) and an overlay of files extracted since
 * (JavaScript maps, kept up to date file by file). A file changed since the snapshot is marked gone there and
 * lives in the overlay; writing a new snapshot folds the overlay back in.
 */
export class SymbolStore {
  readonly files: ReadonlyMap<string, FileSymbols>;
  readonly skipped: ReadonlyMap<string, SkippedSymbolFile>;
  readonly stamps: ReadonlyMap<string, FileStamp>;
  /** Bumped when the set of indexed files changes (module resolution depends on it). */
  fileSetVersion = 0;
  /** Bumped on every change (reference resolution depends on it). */
  version = 0;

  private snapshot: IndexSnapshot | undefined;
  private snapshotIds = new Map<string, number>();
  /** 1 for snapshot files changed or removed since it was written. */
  private gone = new Uint8Array(0);
  /**
   * The snapshot files handed out so far, held weakly: while anything holds one, the same object comes back (so
   * handles compare), and once nothing does, it and what queries cached about it (ids, decoded records) can go.
   */
  private snapshotSymbols: Array<WeakRef<FileSymbols> | undefined> = [];
  private liveIndexed = 0;
  private liveSkipped = 0;
  private snapshotAliases = new Map<string, Array<{ file: number; alias: string }>>();
  private readonly removedFromSnapshot = new Set<string>();

  private readonly overlayFiles = new Map<string, FileSymbols>();
  private readonly overlaySkipped = new Map<string, SkippedSymbolFile>();
  private readonly overlayStamps = new Map<string, FileStamp>();
  private readonly defsByName = new Map<string, DefHandle[]>();
  /** Files that reference a name: what `incoming` needs to know which files to resolve. */
  private readonly refsByName = new Map<string, FileSymbols[]>();
  private readonly aliasesByName = new Map<string, Array<{ symbols: FileSymbols; alias: string }>>();
  private readonly idCache = new WeakMap<FileSymbols, string[]>();

  constructor() {
    this.files = new StoreView(
      (file) => this.overlayFiles.get(file) ?? this.liveSnapshotFile(file, false),
      () => this.overlayFiles.size + this.liveIndexed,
      () => this.keys((id) => !this.snapshot?.isSkipped(id), this.overlayFiles),
    );
    this.skipped = new StoreView(
      (file) => {
        const skipped = this.overlaySkipped.get(file);
        if (skipped) return skipped;
        const id = this.liveId(file);
        return id === undefined ? undefined : this.snapshot?.skippedFiles.get(id);
      },
      () => this.overlaySkipped.size + this.liveSkipped,
      () => this.keys((id) => this.snapshot?.isSkipped(id) === true, this.overlaySkipped),
    );
    this.stamps = new StoreView(
      (file) => {
        const stamp = this.overlayStamps.get(file);
        if (stamp) return stamp;
        const id = this.liveId(file);
        return id === undefined || !this.snapshot
          ? undefined
          : { mtimeMs: this.snapshot.mtimeMs(id), size: this.snapshot.size(id) };
      },
      () => this.overlayStamps.size + this.liveIndexed + this.liveSkipped,
      () => this.keys(() => true, this.overlayStamps),
    );
  }

  /** Starts over from a snapshot: the overlay and everything applied before are dropped. */
  async attach(snapshot: IndexSnapshot): Promise<void> {
    // Paths first, handing the thread back as it goes (a kernel tree has 55,000); the store changes at once after.
    const ids = new Map<string, number>();
    const clock = new CooperativeClock();
    for (let id = 0; id < snapshot.fileCount; id++) {
      ids.set(snapshot.path(id), id);
      if ((id & 0x3ff) === 0) await clock.maybeYield();
    }
    this.snapshot = snapshot;
    this.snapshotIds = ids;
    this.gone = new Uint8Array(snapshot.fileCount);
    this.snapshotSymbols = new Array<WeakRef<FileSymbols> | undefined>(snapshot.fileCount);
    this.liveSkipped = snapshot.skippedFiles.size;
    this.liveIndexed = snapshot.fileCount - this.liveSkipped;
    this.snapshotAliases = new Map();
    for (const [file, name, alias] of snapshot.aliases)
      push(this.snapshotAliases, snapshot.name(name), { file, alias: snapshot.name(alias) });
    this.removedFromSnapshot.clear();
    this.overlayFiles.clear();
    this.overlaySkipped.clear();
    this.overlayStamps.clear();
    this.defsByName.clear();
    this.refsByName.clear();
    this.aliasesByName.clear();
    this.fileSetVersion++;
    this.version++;
  }

  apply(outcome: FileOutcome): void {
    const existed = this.stamps.has(outcome.file);
    this.retire(outcome.file);
    this.overlayStamps.set(outcome.file, { mtimeMs: outcome.mtimeMs, size: outcome.size });
    if (outcome.kind === 'indexed') this.addRecords(outcome.symbols);
    else this.overlaySkipped.set(outcome.file, outcome.skipped);
    if (!existed) this.fileSetVersion++;
    this.version++;
  }

  remove(file: string): void {
    if (!this.stamps.has(file)) return;
    this.retire(file);
    this.fileSetVersion++;
    this.version++;
  }

  /** Files extracted since the snapshot (what a journal of changes holds). */
  get overlaySize(): number {
    return this.overlayStamps.size;
  }

  get snapshotSize(): number {
    return this.snapshot?.fileCount ?? 0;
  }

  /** Snapshot files removed since it was written (not those changed: the overlay has them). */
  removedSinceSnapshot(): string[] {
    return [...this.removedFromSnapshot].filter((file) => !this.overlayStamps.has(file));
  }

  /** The overlay's files as outcomes (for a journal of changes). */
  *overlayOutcomes(): Iterable<FileOutcome> {
    for (const [file, stamp] of this.overlayStamps) {
      const symbols = this.overlayFiles.get(file);
      const skipped = this.overlaySkipped.get(file);
      if (symbols) yield { kind: 'indexed', file, ...stamp, symbols };
      else if (skipped) yield { kind: 'skipped', file, ...stamp, skipped };
    }
  }

  /** Every live file as a snapshot writer takes it: the snapshot's kept files, then the overlay. */
  async snapshotFiles(): Promise<Iterable<SnapshotFile>> {
    const kept = this.snapshot ? await keptSnapshotFiles(this.snapshot, this.gone) : [];
    const overlay = [...this.overlayOutcomes()].map(snapshotFileOf);
    return [...kept, ...overlay];
  }

  /** Which snapshot files are gone (1) since it was opened. */
  goneFromSnapshot(): Uint8Array {
    return this.gone;
  }

  get snapshotToken(): string | undefined {
    return this.snapshot?.token;
  }

  /** Names, languages and counts of every indexed file, without reading records. */
  *summaries(): Iterable<FileSummary> {
    const snapshot = this.snapshot;
    if (snapshot) {
      for (let id = 0; id < snapshot.fileCount; id++) {
        if (this.gone[id] || snapshot.isSkipped(id)) continue;
        const [definitions, references, imports] = snapshot.counts(id);
        yield {
          get file() {
            return snapshot.path(id);
          },
          language: snapshot.language(id),
          hasSyntaxErrors: snapshot.hasSyntaxErrors(id),
          definitions,
          references,
          imports,
          get importModules() {
            return snapshot.importModules(id);
          },
        };
      }
    }
    for (const symbols of this.overlayFiles.values()) {
      const summary = recordSummary(symbols);
      yield {
        file: symbols.file,
        language: symbols.language,
        hasSyntaxErrors: symbols.hasSyntaxErrors,
        definitions: summary.definitions,
        references: summary.references,
        imports: summary.imports,
        importModules: summary.importModules,
      };
    }
  }

  /**
   * Definitions named `name`: the snapshot's in file order, then the overlay's. With `keep`, only those whose kind,
   * container and language pass, decided from the index without reading any file's records; with `limit`, at most
   * that many.
   */
  definitionsNamed(name: string, keep?: DefinitionFilter, limit = Infinity): readonly DefHandle[] {
    const out: DefHandle[] = [];
    const snapshot = this.snapshot;
    if (snapshot)
      snapshot.forEachDefinition(snapshot.nameId(name), (file, index, trait) => {
        if (this.gone[file] || out.length >= limit) return;
        if (keep && !keep(traitKind(trait), traitHasContainer(trait), snapshot.language(file))) return;
        out.push({ symbols: this.snapshotFile(file), index });
      });
    for (const handle of this.defsByName.get(name) ?? []) {
      if (out.length >= limit) break;
      const def = handle.symbols.definitions[handle.index];
      if (!keep || keep(def.kind, def.container !== undefined, handle.symbols.language)) out.push(handle);
    }
    return out;
  }

  /** `definitionsNamed(name)` restricted to `files`, in the same order, without visiting the name's other files. */
  definitionsNamedIn(name: string, files: readonly string[]): readonly DefHandle[] {
    const out: DefHandle[] = [];
    const snapshot = this.snapshot;
    if (snapshot) {
      const nameId = snapshot.nameId(name);
      const ids = files.map((file) => this.liveId(file)).filter((id): id is number => id !== undefined);
      for (const id of [...new Set(ids)].sort((a, b) => a - b))
        snapshot.forDefinitionsInFile(nameId, id, (index) => out.push({ symbols: this.snapshotFile(id), index }));
    }
    const overlay = this.defsByName.get(name);
    if (overlay) {
      const wanted = new Set(files);
      for (const handle of overlay) if (wanted.has(handle.symbols.file)) out.push(handle);
    }
    return out;
  }

  filesReferencing(name: string): readonly FileSymbols[] {
    const overlay = this.refsByName.get(name) ?? [];
    const snapshot = this.snapshot;
    if (!snapshot) return overlay;
    const out: FileSymbols[] = [];
    for (const file of snapshot.referencingFiles(snapshot.nameId(name)))
      if (!this.gone[file]) out.push(this.snapshotFile(file));
    return out.length ? [...out, ...overlay] : overlay;
  }

  /** Names with a definition that `matchScore(query, name)` may score above 0, each once. */
  *namesLike(query: string): Iterable<string> {
    const key = matchKey(query);
    for (const name of this.defsByName.keys()) if (mayMatch(key, name)) yield name;
    const snapshot = this.snapshot;
    if (!snapshot) return;
    // Pieces of one or two letters occur in most names: scanning them all is as quick as searching.
    const piece = requiredPiece(query);
    const ids = piece.length >= 3 ? snapshot.definedNamesContaining(piece) : snapshot.definedNames();
    for (const id of ids) {
      const name = snapshot.name(id);
      if (!this.defsByName.has(name) && mayMatch(key, name)) yield name;
    }
  }

  /** Local names `import { name as alias }` gives `name` anywhere in the workspace. */
  aliasesOf(name: string): Set<string> {
    const out = new Set<string>();
    for (const { alias } of this.aliasesByName.get(name) ?? []) out.add(alias);
    for (const { file, alias } of this.snapshotAliases.get(name) ?? []) if (!this.gone[file]) out.add(alias);
    return out;
  }

  /** Stable id: `file#Qualified.name`, with `@line` added when the name repeats in the file (overloads). */
  idOf(symbols: FileSymbols, index: number): string {
    let ids = this.idCache.get(symbols);
    if (!ids) {
      const seen = new Set<string>();
      ids = symbols.definitions.map((d) => {
        const base = `${symbols.file}#${d.qualifiedName}`;
        const id = seen.has(base) ? `${base}@${d.line}` : base;
        seen.add(base);
        return id;
      });
      this.idCache.set(symbols, ids);
    }
    return ids[index];
  }

  info(handle: DefHandle): SymbolInfo {
    const def: Definition = handle.symbols.definitions[handle.index];
    return {
      ...def,
      id: this.idOf(handle.symbols, handle.index),
      file: handle.symbols.file,
      language: handle.symbols.language,
    };
  }

  /** Finds a definition by id; undefined when the file changed since the id was handed out. */
  byId(id: string): DefHandle | undefined {
    const hash = id.indexOf('#');
    const symbols = hash > 0 ? this.files.get(id.slice(0, hash)) : undefined;
    if (!symbols) return undefined;
    for (let i = 0; i < symbols.definitions.length; i++) if (this.idOf(symbols, i) === id) return { symbols, index: i };
    return undefined;
  }

  /** Drops whatever the store holds for a file: its overlay records, or its place in the snapshot. */
  private retire(file: string): void {
    const id = this.liveId(file);
    if (id !== undefined && this.snapshot) {
      this.gone[id] = 1;
      if (this.snapshot.isSkipped(id)) this.liveSkipped--;
      else this.liveIndexed--;
      this.removedFromSnapshot.add(file);
    }
    this.overlayStamps.delete(file);
    this.overlaySkipped.delete(file);
    const old = this.overlayFiles.get(file);
    if (!old) return;
    this.overlayFiles.delete(file);
    const summary = recordSummary(old);
    for (const name of new Set(summary.definitionNames)) prune(this.defsByName, name, (h) => h.symbols !== old);
    for (const name of summary.referenceNames) prune(this.refsByName, name, (s) => s !== old);
    for (const [name] of summary.aliases) prune(this.aliasesByName, name, (a) => a.symbols !== old);
  }

  private addRecords(symbols: FileSymbols): void {
    this.overlayFiles.set(symbols.file, symbols);
    const summary = recordSummary(symbols);
    summary.definitionNames.forEach((name, index) => push(this.defsByName, name, { symbols, index }));
    for (const name of summary.referenceNames) push(this.refsByName, name, symbols);
    for (const [name, alias] of summary.aliases) push(this.aliasesByName, name, { symbols, alias });
  }

  private liveId(file: string): number | undefined {
    const id = this.snapshotIds.get(file);
    return id === undefined || this.gone[id] ? undefined : id;
  }

  private liveSnapshotFile(file: string, skipped: boolean): FileSymbols | undefined {
    const id = this.liveId(file);
    if (id === undefined || this.snapshot?.isSkipped(id) !== skipped) return undefined;
    return this.snapshotFile(id);
  }

  /** The snapshot file as `FileSymbols` whose records decode on first use; one live object per file, so handles compare. */
  private snapshotFile(id: number): FileSymbols {
    const existing = this.snapshotSymbols[id]?.deref();
    if (existing) return existing;
    const snapshot = this.snapshot as IndexSnapshot;
    const [definitions, references, imports] = snapshot.counts(id);
    const records = (): FileSymbols => symbols;
    // Names come from the records when something asks (a rewrite reads them from the postings instead).
    const summary: RecordSummary = {
      get definitionNames() {
        return records().definitions.map((d) => d.name);
      },
      get definitionTraits() {
        return records().definitions.map(definitionTrait);
      },
      get referenceNames() {
        return [...new Set(records().references.map((r) => r.name))];
      },
      importModules: snapshot.importModules(id),
      aliases: [],
      definitions,
      references,
      imports,
    };
    const symbols: FileSymbols = lazyFileSymbols(
      { file: snapshot.path(id), language: snapshot.language(id), hasSyntaxErrors: snapshot.hasSyntaxErrors(id) },
      summary,
      snapshot.recordsOf(id),
      decodeRecords,
    );
    this.snapshotSymbols[id] = new WeakRef(symbols);
    return symbols;
  }

  /** Live snapshot paths matching `wanted`, then the overlay's keys. */
  private *keys(wanted: (id: number) => boolean, overlay: ReadonlyMap<string, unknown>): IterableIterator<string> {
    const snapshot = this.snapshot;
    if (snapshot)
      for (let id = 0; id < snapshot.fileCount; id++) if (!this.gone[id] && wanted(id)) yield snapshot.path(id);
    yield* overlay.keys();
  }
}

const emptyNames = {
  definitionNames: [],
  definitionTraits: [],
  referenceNames: [],
  importModules: [],
  aliases: [],
} as const;

/** An extracted file as the snapshot writer takes it. */
export function snapshotFileOf(outcome: FileOutcome): SnapshotFile {
  if (outcome.kind === 'skipped') {
    const { file, mtimeMs, size, skipped } = outcome;
    return { file, mtimeMs, size, skipped, ...emptyNames, counts: [0, 0, 0] };
  }
  const { symbols } = outcome;
  const summary = recordSummary(symbols);
  return {
    file: outcome.file,
    mtimeMs: outcome.mtimeMs,
    size: outcome.size,
    language: symbols.language,
    hasSyntaxErrors: symbols.hasSyntaxErrors,
    definitionNames: summary.definitionNames,
    definitionTraits: summary.definitionTraits,
    referenceNames: summary.referenceNames,
    importModules: summary.importModules,
    aliases: summary.aliases,
    counts: [summary.definitions, summary.references, summary.imports],
    records: () => {
      const encoded = untouchedRecords(symbols);
      return encoded === undefined ? encodedRecordBytes(symbols) : recordBytes(encoded);
    },
  };
}

/** A read-only map over the store's two tiers. */
class StoreView<V> implements ReadonlyMap<string, V> {
  constructor(
    private readonly lookup: (key: string) => V | undefined,
    private readonly count: () => number,
    private readonly keyList: () => IterableIterator<string>,
  ) {}

  get size(): number {
    return this.count();
  }

  get(key: string): V | undefined {
    return this.lookup(key);
  }

  has(key: string): boolean {
    return this.lookup(key) !== undefined;
  }

  keys(): MapIterator<string> {
    return this.keyList() as MapIterator<string>;
  }

  *values(): MapIterator<V> {
    for (const key of this.keyList()) {
      const value = this.lookup(key);
      if (value !== undefined) yield value;
    }
  }

  *entries(): MapIterator<[string, V]> {
    for (const key of this.keyList()) {
      const value = this.lookup(key);
      if (value !== undefined) yield [key, value];
    }
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    for (const [key, value] of this.entries()) callback(value, key, this);
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function prune<T>(map: Map<string, T[]>, key: string, keep: (value: T) => boolean): void {
  const list = map.get(key);
  if (!list) return;
  const kept = list.filter(keep);
  if (kept.length) map.set(key, kept);
  else map.delete(key);
}
