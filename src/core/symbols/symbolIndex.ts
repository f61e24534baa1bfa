import * as fs from 'node:fs';
import * as path from 'node:path';
import { CallGraph, groupByEnd } from './callGraph';
import { defaultWorkerScript, runExtraction, symbolWorkerData } from './extractionRunner';
import { extractFileFromDisk } from './fileExtraction';
import type { FileToIndex } from './fileExtraction';
import { GrammarLoader } from './grammarLoader';
import { languageForPath } from './languages';
import { IndexCancelledError } from './indexCancelledError';
import { IndexSnapshot, SnapshotWriter } from './indexSnapshot';
import { ModuleResolver } from './moduleResolver';
import { ReferenceResolver, strongest } from './referenceResolver';
import { cacheFormat, loadSymbolCache, openRecordSpool, saveSymbolCache, spoolRecords } from './symbolCache';
import { defaultSymbolIndexOptions } from './symbolIndexOptions';
import type { SymbolIndexOptions } from './symbolIndexOptions';
import { matchScore } from './symbolSearch';
import type { FindOptions } from './symbolSearch';
import { SnapshotWriterClient } from './snapshotWriterClient';
import { SymbolStore, snapshotFileOf } from './symbolStore';
import type { DefHandle } from './symbolStore';
import { traceGraph } from './symbolTrace';
import { UpdateWorker } from './updateWorker';
import { assertPlainFolders } from '../workspace/files/assertPlainFolders';
import { CooperativeClock } from '../workspace/files/cooperativeClock';
import type { TraceOptions } from './symbolTrace';
import type {
  Confidence,
  FileSymbols,
  ImportRecord,
  LanguageId,
  ReferenceSite,
  SkippedSymbolFile,
  SymbolGraph,
  SymbolInfo,
  SymbolRef,
  TraceGraph,
} from './symbolTypes';

/** The index as one file that opens without parsing (see indexSnapshot.ts), and a journal of changes since. */
const snapshotFileName = 'symbols.index';
const journalFileName = 'symbols-journal.jsonl';
/** Longest query findSymbol scores (no symbol name comes near it). */
const maxQueryChars = 1_000;

export interface SymbolIndexConfig {
  /** Absolute folder the workspace-relative paths are relative to. */
  root: string;
  /** Where the index is persisted (CLI: `<repo>/.cache/rlm`, VS Code: extension storage); none keeps it in memory. */
  cacheDir?: string;
  options?: Partial<SymbolIndexOptions>;
  /** Worker bundle override (tests, benchmarks); default `symbolWorker.js` next to the running bundle. */
  workerScript?: string;
  /** Folder with the grammar .wasm files and `queries/`; default next to the bundle, then node_modules. */
  assetDir?: string;
}

export type IndexProgress = { type: 'progress'; done: number; total: number; file: string };

export interface BuildOptions {
  signal?: AbortSignal;
  onProgress?: (event: IndexProgress) => void;
}

export interface IndexStats {
  files: number;
  indexed: number;
  /** Taken from the cache unchanged. */
  reused: number;
  /** Extracted in this build. */
  extracted: number;
  skipped: SkippedSymbolFile[];
  definitions: number;
  references: number;
  imports: number;
  filesWithSyntaxErrors: number;
  /** One message per grammar that failed to load. */
  grammarErrors: string[];
  /** Worker threads used (0 = on the calling thread). */
  threads: number;
  /** How many files per language were indexed. */
  languages: Record<string, number>;
}

/** Where an update ran, or that the file is gone. */
export type UpdateOutcome = 'worker' | 'calling-thread' | 'removed';

export interface ResolvedImport extends ImportRecord {
  /** Workspace files the module resolved to (empty for packages outside the workspace). */
  files: string[];
}

/** The symbol index facade the REPL sandbox, the CLI and the VS Code adapter call. */
/** Where `streamGraph` hands the graph, a file's part at a time. */
export interface GraphSink {
  definitions(refs: SymbolRef[]): void;
  edges(edges: SymbolGraph['edges']): void;
  /** After each file of each pass. */
  progress?(pass: 'definitions' | 'edges', done: number, total: number): void;
}

export class SymbolIndex {
  private readonly store = new SymbolStore();
  private readonly options: SymbolIndexOptions;
  private readonly modules: ModuleResolver;
  private readonly graph: CallGraph;
  private readonly loader: GrammarLoader;
  /** The root with a trailing separator, what workspace paths are appended to. */
  private readonly rootPrefix: string;
  private updates: UpdateWorker | undefined;
  private disposed = false;
  private lastThreads = 0;
  private lastReused = 0;
  private lastExtracted = 0;

  constructor(private readonly config: SymbolIndexConfig) {
    this.options = { ...defaultSymbolIndexOptions, ...config.options };
    this.loader = new GrammarLoader(config.assetDir ? { assetDir: config.assetDir } : {});
    this.rootPrefix = path.join(config.root, path.sep);
    this.modules = new ModuleResolver(this.store, (file) => this.readRepoFile(file));
    this.graph = new CallGraph(
      this.store,
      new ReferenceResolver(this.store, this.modules, this.options.maxNameCandidates),
    );
  }

  /** Indexes `files` (workspace-relative): cache entries whose size and mtime match are reused, the rest extracted. */
  async build(files: readonly string[], options: BuildOptions = {}): Promise<IndexStats> {
    const clock = new CooperativeClock();
    // A slice at a time: on a kernel-sized tree even picking the indexable paths takes tens of milliseconds.
    const wanted: string[] = [];
    const keep = new Set<string>();
    for (const file of files) {
      await clock.maybeYield();
      if (languageForPath(file) === undefined || keep.has(file)) continue;
      wanted.push(file);
      keep.add(file);
    }
    this.assertCacheFolder();
    if (!this.store.stamps.size && this.config.cacheDir) await this.openCache(this.config.cacheDir);
    let removed = 0;
    // Removing while walking is safe: snapshot files are only marked gone, and a Map walk tolerates deletes.
    for (const file of this.store.stamps.keys()) {
      await clock.maybeYield();
      if (options.signal?.aborted) throw new IndexCancelledError(0, wanted.length);
      if (keep.has(file)) continue;
      this.store.remove(file);
      removed++;
    }
    const stale = await this.staleFiles(wanted, options.signal);
    let done = wanted.length - stale.length;
    const dir = this.config.cacheDir;
    // Many files to parse (a first build, a branch switch): they go straight into a new snapshot, names interned
    // on arrival, so memory holds each name once and not an object per definition. A few go to the overlay,
    // their records spooled to disk as they arrive.
    // With workers, the snapshot is written on a worker thread the parsing workers send files to directly, so
    // this thread (an extension host) only counts progress.
    const many = dir !== undefined && stale.length > this.journalLimit();
    if (many) for (const { file } of stale) this.store.remove(file);
    const script = this.config.workerScript ?? defaultWorkerScript();
    const offThread = many && this.options.workers > 0 && fs.existsSync(script);
    const writerWorker = offThread ? this.startSnapshotWriter(script) : undefined;
    const writer =
      many && !offThread
        ? new SnapshotWriter(path.join(dir, snapshotFileName), cacheFormat, this.settingsKey())
        : undefined;
    const spooling = dir && stale.length && !many ? openRecordSpool(dir) : undefined;
    let forwarded = 0;
    try {
      const { threads } = await runExtraction({
        files: stale,
        options: this.options,
        loader: this.loader,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(this.config.workerScript ? { workerScript: this.config.workerScript } : {}),
        ...(this.config.assetDir ? { assetDir: this.config.assetDir } : {}),
        ...(writerWorker ? { writer: writerWorker } : {}),
        onForwarded: (file) => {
          forwarded++;
          options.onProgress?.({ type: 'progress', done: ++done, total: wanted.length, file });
        },
        onOutcome: (outcome) => {
          if (writer) writer.add(snapshotFileOf(outcome));
          else {
            if (spooling && outcome.kind === 'indexed') spoolRecords(spooling.spool, outcome.symbols);
            this.store.apply(outcome);
          }
          options.onProgress?.({ type: 'progress', done: ++done, total: wanted.length, file: outcome.file });
        },
      });
      this.lastThreads = threads;
      this.lastReused = wanted.length - stale.length;
      this.lastExtracted = stale.length;
      if (writerWorker) await this.finishOffThread(writerWorker, forwarded);
      else if (writer) await this.finishSnapshot(writer);
      else if (stale.length || removed) await this.save();
    } catch (error) {
      // A stopped build keeps what it parsed: the snapshot is finished with it, and the next build parses the rest.
      if (writerWorker) await this.finishOffThread(writerWorker, forwarded).catch(() => undefined);
      if (writer) await this.finishSnapshot(writer).catch(() => undefined);
      throw error;
    } finally {
      spooling?.remove();
      writer?.discard();
      writerWorker?.dispose();
    }
    return this.stats();
  }

  /** Re-indexes one changed (or new) file, on the update worker when there is one; a missing file is removed. */
  async updateFile(file: string): Promise<UpdateOutcome> {
    const target = this.toIndex(file);
    if (!fs.existsSync(target.fsPath)) {
      this.store.remove(file);
      return 'removed';
    }
    const worker = this.updateWorker();
    const outcome = worker ? await worker.extract(target).catch(() => undefined) : undefined;
    // Without a worker (or when it died) the file is extracted here; the grammar then loads on this thread once.
    this.store.apply(outcome ?? (await extractFileFromDisk(this.loader, target, this.options)));
    return outcome ? 'worker' : 'calling-thread';
  }

  /** Starts the update worker and loads the indexed languages' grammars in the background, so the first update is quick. */
  prepareUpdates(): void {
    this.updateWorker()?.warm(Object.keys(this.stats().languages) as LanguageId[]);
  }

  /** Stops the update worker; the index stays usable and updates then run on the calling thread. */
  dispose(): void {
    this.disposed = true;
    this.updates?.dispose();
    this.updates = undefined;
  }

  removeFile(file: string): void {
    this.store.remove(file);
  }

  /**
   * A cache folder inside the repository (the CLI's `.cache/rlm`) must be reached through real folders: a symlink the
   * repository ships there would have the index written wherever it points, and read back what it planted.
   */
  private assertCacheFolder(): void {
    if (this.config.cacheDir) assertPlainFolders(this.config.root, this.config.cacheDir);
  }

  /**
   * Persists the index to the cache folder, if one was given: a few changed files go to a journal beside the
   * snapshot; a build, or a journal grown past a tenth of the snapshot, writes a new snapshot and re-opens it.
   */
  async save(): Promise<void> {
    const dir = this.config.cacheDir;
    if (!dir) return;
    this.assertCacheFolder();
    const snapshotPath = path.join(dir, snapshotFileName);
    const journalPath = path.join(dir, journalFileName);
    const settings = this.settingsKey();
    const changed = this.store.overlaySize;
    const token = this.store.snapshotToken;
    if (token === undefined || changed > this.journalLimit()) {
      await this.finishSnapshot(new SnapshotWriter(snapshotPath, cacheFormat, settings));
      return;
    }
    const removed = this.store.removedSinceSnapshot();
    if (!changed && !removed.length) fs.rmSync(journalPath, { force: true });
    else await saveSymbolCache(journalPath, `${settings}@${token}`, this.store.overlayOutcomes(), removed);
  }

  /** Adds every file the store holds to a new snapshot, writes it, and re-opens the store on it. */
  private async finishSnapshot(writer: SnapshotWriter): Promise<void> {
    try {
      await writer.addAll(await this.store.snapshotFiles());
      await writer.finish();
    } finally {
      writer.discard();
    }
    await this.attachWrittenSnapshot();
  }

  /** A writer worker for a build that parses many files, given what the index holds now to carry over. */
  private startSnapshotWriter(script: string): SnapshotWriterClient {
    const client = new SnapshotWriterClient(script, {
      role: 'snapshot-writer',
      target: path.join(this.config.cacheDir as string, snapshotFileName),
      format: cacheFormat,
      settings: this.settingsKey(),
    });
    const token = this.store.snapshotToken;
    if (token !== undefined) client.keepSnapshot(token, this.store.goneFromSnapshot());
    client.keep([...this.store.overlayOutcomes()].map(snapshotFileOf));
    return client;
  }

  private async finishOffThread(client: SnapshotWriterClient, forwarded: number): Promise<void> {
    await client.finish(forwarded);
    await this.attachWrittenSnapshot();
  }

  /** Re-opens the store on the snapshot just written; the journal of the one before is void. */
  private async attachWrittenSnapshot(): Promise<void> {
    const dir = this.config.cacheDir as string;
    const snapshotPath = path.join(dir, snapshotFileName);
    fs.rmSync(path.join(dir, journalFileName), { force: true });
    // The JSON-lines cache of earlier versions.
    fs.rmSync(path.join(dir, 'symbols.jsonl'), { force: true });
    const snapshot = await IndexSnapshot.load(snapshotPath, cacheFormat, this.settingsKey());
    if (!snapshot) throw new Error(`The symbol index just written to ${snapshotPath} could not be read back.`);
    await this.store.attach(snapshot);
  }

  private journalLimit(): number {
    return Math.max(this.options.journalFiles, this.store.snapshotSize / 10);
  }

  /** Opens the snapshot and applies its journal of later changes; nothing when there is no usable snapshot. */
  private async openCache(dir: string): Promise<void> {
    const settings = this.settingsKey();
    const snapshot = await IndexSnapshot.load(path.join(dir, snapshotFileName), cacheFormat, settings);
    if (!snapshot) return;
    await this.store.attach(snapshot);
    const journal = await loadSymbolCache(path.join(dir, journalFileName), `${settings}@${snapshot.token}`);
    for (const file of journal?.removed ?? []) this.store.remove(file);
    for (const outcome of journal?.outcomes ?? []) this.store.apply(outcome);
  }

  stats(): IndexStats {
    const languages: Record<string, number> = {};
    let definitions = 0;
    let references = 0;
    let imports = 0;
    let filesWithSyntaxErrors = 0;
    for (const summary of this.store.summaries()) {
      languages[summary.language] = (languages[summary.language] ?? 0) + 1;
      definitions += summary.definitions;
      references += summary.references;
      imports += summary.imports;
      if (summary.hasSyntaxErrors) filesWithSyntaxErrors++;
    }
    const skipped = [...this.store.skipped.values()];
    const grammarErrors = [
      ...new Set(
        skipped
          .filter((s) => s.reason === 'grammar-unavailable' && s.detail?.startsWith('Could not load'))
          .map((s) => s.detail ?? ''),
      ),
    ];
    return {
      files: this.store.stamps.size,
      indexed: this.store.files.size,
      reused: this.lastReused,
      extracted: this.lastExtracted,
      skipped,
      definitions,
      references,
      imports,
      filesWithSyntaxErrors,
      grammarErrors,
      threads: this.lastThreads,
      languages,
    };
  }

  /** A file's definitions in source order; undefined when the file is not indexed. */
  outline(file: string): SymbolInfo[] | undefined {
    const symbols = this.store.files.get(file);
    return symbols?.definitions.map((_, index) => this.store.info({ symbols, index }));
  }

  /** Definitions by name or `Qualified.name`: exact matches first, then camel-case and substring matches. */
  findSymbol(query: string, options: FindOptions = {}): SymbolInfo[] {
    // Every fuzzy candidate is scored against the query: a query of megabytes would hold the thread for seconds.
    if (query.length > maxQueryChars)
      throw new Error(
        `findSymbol: the name has ${query.length} characters; pass a name, Class.method or camel-case initials (at most ${maxQueryChars}).`,
      );
    const kinds =
      options.kind === undefined ? undefined : new Set(Array.isArray(options.kind) ? options.kind : [options.kind]);
    const limit = options.limit ?? 50;
    const simple = query.split(/::|\.|#/).pop() ?? query;
    const qualified = simple !== query ? query.replace(/::|#/g, '.') : undefined;
    const scored: Array<{ handle: DefHandle; score: number }> = [];
    const consider = (handle: DefHandle, score: number): void => {
      const def = handle.symbols.definitions[handle.index];
      if (kinds && !kinds.has(def.kind)) return;
      if (qualified && def.qualifiedName !== qualified && !def.qualifiedName.endsWith(`.${qualified}`)) return;
      scored.push({ handle, score });
    };
    for (const handle of this.store.definitionsNamed(simple)) consider(handle, 100);
    if (!options.exact) {
      for (const name of this.store.namesLike(simple)) {
        if (name === simple) continue;
        const score = matchScore(simple, name);
        if (score > 0) for (const handle of this.store.definitionsNamed(name)) consider(handle, score);
      }
    }
    scored.sort(
      (a, b) =>
        b.score - a.score ||
        a.handle.symbols.file.localeCompare(b.handle.symbols.file) ||
        a.handle.index - b.handle.index,
    );
    return scored.slice(0, limit).map((s) => this.store.info(s.handle));
  }

  /** Resolved uses of a symbol (an id, a name or a qualified name; a name matching several definitions covers all). */
  references(symbol: string | SymbolInfo): ReferenceSite[] {
    return this.handlesFor(symbol).flatMap((h) => this.graph.incoming(h).map((r) => r.site));
  }

  callers(symbol: string | SymbolInfo): Array<{ symbol: SymbolRef; confidence: Confidence; lines: number[] }> {
    return groupByEnd(
      this.references(symbol).filter((s) => s.kind !== 'type'),
      'from',
    );
  }

  callees(symbol: string | SymbolInfo): Array<{ symbol: SymbolRef; confidence: Confidence; lines: number[] }> {
    const sites = this.handlesFor(symbol).flatMap((h) => this.graph.outgoing(h.symbols, h.index).map((r) => r.site));
    return groupByEnd(
      sites.filter((s) => s.kind !== 'type'),
      'to',
    );
  }

  /** A file's imports with the workspace files each resolved to. */
  imports(file: string): ResolvedImport[] | undefined {
    const symbols = this.store.files.get(file);
    return symbols?.imports.map((record) => ({
      ...record,
      files: this.modules.resolve(file, symbols.language, record.module).files,
    }));
  }

  /** Files whose imports resolve to `file`. */
  importers(file: string): string[] {
    const out: string[] = [];
    for (const summary of this.store.summaries()) {
      if (
        summary.importModules.some((module) =>
          this.modules.resolve(summary.file, summary.language, module).files.includes(file),
        )
      )
        out.push(summary.file);
    }
    return out.sort();
  }

  /** The call graph around a symbol, breadth-first to `depth` hops, capped at `maxNodes`. */
  trace(symbol: string | SymbolInfo, options: TraceOptions = {}): TraceGraph {
    return traceGraph(this.store, this.graph, this.handlesFor(symbol), options, this.options.maxTraceNodes);
  }

  /** Every definition and resolved edge: calls and type uses between definitions, imports from a file to what it imports. */
  exportGraph(): SymbolGraph {
    const files = this.graphFiles();
    const definitions = files.flatMap((file) => this.graphDefinitions(file));
    const edges = files.flatMap((file) => this.graphEdges(file));
    return { definitions, edges };
  }

  /**
   * The same graph as `exportGraph`, handed over a file at a time: every file's definitions, then every file's edges,
   * in path order. Nothing is kept beyond the file at hand, so a kernel-sized tree streams in bounded memory.
   */
  async streamGraph(sink: GraphSink, signal?: AbortSignal): Promise<void> {
    const files = this.graphFiles();
    const clock = new CooperativeClock();
    for (const [pass, visit] of [
      ['definitions', (file: string) => sink.definitions(this.graphDefinitions(file))],
      ['edges', (file: string) => sink.edges(this.graphEdges(file))],
    ] as const) {
      for (let i = 0; i < files.length; i++) {
        visit(files[i]);
        sink.progress?.(pass, i + 1, files.length);
        await clock.maybeYield(signal);
      }
    }
  }

  private graphFiles(): string[] {
    return [...this.store.files.keys()].sort((a, b) => a.localeCompare(b));
  }

  /** A file as a node, then its definitions. */
  private graphDefinitions(file: string): SymbolRef[] {
    const symbols = this.store.files.get(file);
    if (!symbols) return [];
    return [this.graph.refOf(symbols, -1), ...symbols.definitions.map((_, index) => this.graph.refOf(symbols, index))];
  }

  /**
   * Edges out of one file: one per caller, callee and kind (with the best confidence among its sites), and one per
   * imported file. Every edge starts in the file, so merging within it is merging across the graph.
   */
  private graphEdges(file: string): SymbolGraph['edges'] {
    const symbols = this.store.files.get(file);
    if (!symbols) return [];
    const edges: SymbolGraph['edges'] = [];
    const merged = new Map<string, SymbolGraph['edges'][number]>();
    for (const r of this.graph.resolvedIn(symbols, false)) {
      const kind = r.site.kind === 'type' ? 'type' : 'call';
      const key = `${r.site.from.id}\u0000${r.site.to.id}\u0000${kind}`;
      const prior = merged.get(key);
      if (prior) prior.confidence = strongest(prior.confidence, r.site.confidence);
      else {
        const edge: SymbolGraph['edges'][number] = {
          from: r.site.from.id,
          to: r.site.to.id,
          kind,
          confidence: r.site.confidence,
        };
        merged.set(key, edge);
        edges.push(edge);
      }
    }
    const imported = new Set<string>();
    for (const record of this.imports(file) ?? []) {
      for (const target of record.files) {
        if (target === file || imported.has(target) || !this.store.files.has(target)) continue;
        imported.add(target);
        edges.push({ from: file, to: target, kind: 'import', confidence: 'import' });
      }
    }
    return edges;
  }

  /** Indexed file records (read-only), for adapters that render outlines themselves. */
  fileSymbols(file: string): FileSymbols | undefined {
    return this.store.files.get(file);
  }

  private handlesFor(symbol: string | SymbolInfo): DefHandle[] {
    const id = typeof symbol === 'string' ? symbol : symbol.id;
    const byId = this.store.byId(id);
    if (byId) return [byId];
    if (typeof symbol !== 'string') return [];
    const matches = this.findSymbol(symbol, { exact: true, limit: 20 });
    return matches.map((m) => this.store.byId(m.id)).filter((h): h is DefHandle => h !== undefined);
  }

  /**
   * Files whose size or mtime differ from the index. Sync stats (a loop of them is several times faster than as
   * many promises), handing the event loop back every few milliseconds: a large tree has tens of thousands.
   */
  private async staleFiles(files: readonly string[], signal?: AbortSignal): Promise<FileToIndex[]> {
    const stale: FileToIndex[] = [];
    const clock = new CooperativeClock();
    for (const file of files) {
      await clock.maybeYield();
      if (signal?.aborted) throw new IndexCancelledError(0, files.length);
      const target = this.toIndex(file);
      const stamp = this.store.stamps.get(file);
      const stat = stamp && fs.statSync(target.fsPath, { throwIfNoEntry: false });
      if (!stamp || !stat || stat.mtimeMs !== stamp.mtimeMs || stat.size !== stamp.size) stale.push(target);
    }
    return stale.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }

  private updateWorker(): UpdateWorker | undefined {
    if (this.updates && !this.updates.broken) return this.updates;
    const script = this.config.workerScript ?? defaultWorkerScript();
    if (this.disposed || this.options.workers === 0 || !fs.existsSync(script)) return undefined;
    this.updates = new UpdateWorker(script, {
      ...symbolWorkerData(this.options, this.config.assetDir),
      keepTrees: true,
    });
    return this.updates;
  }

  private toIndex(file: string): FileToIndex {
    // Workspace paths come normalized: joining by hand makes the path without `path.join`'s normalizing, which
    // for a kernel-sized tree is a few hundred milliseconds of the build's start.
    const plain = !file.startsWith('/') && !/(^|\/)\.\.?(\/|$)|\/\/|\\/.test(file);
    return { file, fsPath: plain ? this.rootPrefix + file : path.join(this.config.root, file) };
  }

  private readRepoFile(file: string): string | undefined {
    try {
      return fs.readFileSync(path.join(this.config.root, file), 'utf8');
    } catch {
      return undefined;
    }
  }

  private settingsKey(): string {
    const o = this.options;
    return `${o.maxFileBytes}:${o.minifiedAverageLineChars}:${o.minifiedMaxLineChars}`;
  }
}
