import { createHash } from 'node:crypto';
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { defaultExcludeNames } from '../../core/workspace/index';
import type { Workspace } from '../../core/workspace/index';
import { IndexProgressMeter, languageForPath } from '../../core/symbols/index';
import type { FindOptions, IndexStats, ResolvedImport, SymbolInfo, TraceOptions } from '../../core/symbols/index';
import { abortable } from '../../core/abortable';
import { LanguageServerBudget } from './languageServerBudget';
import { NoFolderOpenError } from './noFolderOpenError';
import { refineIncoming, refineOutgoing } from './preciseRefiner';
import { refineTrace } from './preciseTrace';
import type { CallRow, CheckedSite, CheckedTrace, PreciseQueryOptions, PreciseSummary } from './preciseTypes';
import { prefixInfo, prefixSite, prefixTrace, splitRootPath } from './rootPrefix';
import {
  edgeSites,
  groupRows,
  incomingSites,
  mergeSummaries,
  outgoingSites,
  rootLocator,
  targetsIn,
} from './rootQueries';
import { RootSymbolIndex } from './rootSymbolIndex';
import { SymbolFileWatcher } from './symbolFileWatcher';
import type { FileChangeBatch } from './symbolFileWatcher';
import { defaultSymbolServiceOptions } from './symbolServiceOptions';
import type { SymbolServiceOptions } from './symbolServiceOptions';
import { UntrustedWorkspaceError } from './untrustedWorkspaceError';

export interface SymbolServiceDependencies {
  /** The current workspace; the composition root rebuilds it when folders or settings change. */
  workspace: () => Workspace | undefined;
  /** Folder for the persisted index (extension storage); undefined keeps the index in memory. */
  storageDir: string | undefined;
  log: vscode.LogOutputChannel;
  /** The worker bundle and the folder with grammars and queries; default: next to the running bundle. */
  workerScript?: string;
  assetDir?: string;
  options?: Partial<SymbolServiceOptions>;
}

/** Files whose index records changed after a batch of file events (workspace paths). */
export interface SymbolIndexUpdate {
  files: string[];
}

export interface FolderStats extends IndexStats {
  folder: string;
}

/** Settings and file sets whose change can add or remove indexable files. */
const listingSettings = ['rlm.workspace', 'files.exclude', 'search.exclude'];

/**
 * The symbol index of the open folders, one per folder: built on first use (worker threads, cancellable
 * progress), persisted in extension storage, kept current by a file watcher. Precise mode checks edges
 * with the language servers (see preciseRefiner.ts). Nothing happens at construction.
 */
export class VscodeSymbolService implements vscode.Disposable {
  private roots: RootSymbolIndex[] | undefined;
  private watchers: SymbolFileWatcher[] = [];
  private building: Promise<void> | undefined;
  private buildController: AbortController | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private unsaved = false;
  private disposed = false;
  private readonly options: SymbolServiceOptions;
  private readonly updates = new vscode.EventEmitter<SymbolIndexUpdate>();
  private readonly subscriptions: vscode.Disposable[];
  /** Fires after file events changed the index. */
  readonly onDidUpdate = this.updates.event;

  constructor(private readonly deps: SymbolServiceDependencies) {
    this.options = { ...defaultSymbolServiceOptions, ...deps.options };
    this.subscriptions = [
      this.updates,
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.reset()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (listingSettings.some((s) => event.affectsConfiguration(s)))
          for (const root of this.roots ?? []) root.markStale();
      }),
    ];
  }

  /** True once every folder has been indexed (and nothing since made a new listing necessary). */
  get isBuilt(): boolean {
    return this.roots !== undefined && this.roots.every((r) => !r.needsBuild);
  }

  /** Indexes the folders if needed, with a cancellable progress notification; later calls return at once. */
  async ready(signal?: AbortSignal): Promise<RootSymbolIndex[]> {
    if (!vscode.workspace.isTrusted) throw new UntrustedWorkspaceError();
    // Loops when folders or settings changed while a build ran: that build covered the old file set.
    for (;;) {
      const roots = this.currentRoots();
      if (!roots.some((r) => r.needsBuild)) return roots;
      if (!this.building) {
        const run: Promise<void> = this.buildWithProgress(roots).finally(() => {
          if (this.building === run) this.building = undefined;
        });
        this.building = run;
      }
      await abortable(this.building, signal);
    }
  }

  async stats(signal?: AbortSignal): Promise<FolderStats[]> {
    return (await this.ready(signal)).map((r) => ({ folder: r.root.name, ...r.index.stats() }));
  }

  async outline(file: string, signal?: AbortSignal): Promise<SymbolInfo[] | undefined> {
    const hit = splitRootPath(await this.ready(signal), file);
    return hit?.root.index.outline(hit.relative)?.map((s) => prefixInfo(s, hit.root.prefix));
  }

  /** Exact matches first, then camel-case and substring matches, across every folder. */
  async findSymbol(query: string, options: FindOptions & { signal?: AbortSignal } = {}): Promise<SymbolInfo[]> {
    const { signal, ...find } = options;
    const roots = await this.ready(signal);
    const found = roots.flatMap((r) => r.index.findSymbol(query, find).map((s) => prefixInfo(s, r.prefix)));
    if (roots.length === 1) return found;
    const simple = query.split(/::|\.|#/).pop() ?? query;
    const closeness = (s: SymbolInfo): number =>
      s.name === simple ? 0 : s.name.toLowerCase() === simple.toLowerCase() ? 1 : 2;
    return found.sort((a, b) => closeness(a) - closeness(b)).slice(0, find.limit ?? 50);
  }

  /** Resolved uses of a symbol (id, name or Qualified.name); in precise mode checked by the language server. */
  async references(symbol: string | SymbolInfo, options: PreciseQueryOptions = {}): Promise<CheckedSite[]> {
    return (await this.incoming(symbol, false, options)).sites;
  }

  async callers(symbol: string | SymbolInfo, options: PreciseQueryOptions = {}): Promise<CallRow[]> {
    return groupRows((await this.incoming(symbol, true, options)).sites, 'from');
  }

  async callees(symbol: string | SymbolInfo, options: PreciseQueryOptions = {}): Promise<CallRow[]> {
    const precise = this.preciseRequested(options);
    const budget = this.budget(options.signal);
    const sites: CheckedSite[] = [];
    const summaries: PreciseSummary[] = [];
    for (const { root, target } of await this.targets(symbol, options.signal)) {
      const found = outgoingSites(root, target);
      const refined = precise ? await refineOutgoing(rootLocator(root), budget, target, found) : { sites: found };
      if ('summary' in refined) summaries.push(refined.summary);
      sites.push(...refined.sites.map((s) => prefixSite(s, root.prefix)));
    }
    this.logPrecise(`callees of ${describe(symbol)}`, summaries);
    return groupRows(sites, 'to');
  }

  /** The call graph around a symbol; in precise mode every edge is checked at its call sites. */
  async trace(symbol: string | SymbolInfo, options: TraceOptions & PreciseQueryOptions = {}): Promise<CheckedTrace> {
    const { precise: _precise, signal, ...traceOptions } = options;
    const precise = this.preciseRequested(options);
    const budget = this.budget(signal);
    const graphs: CheckedTrace[] = [];
    const summaries: PreciseSummary[] = [];
    for (const root of await this.ready(signal)) {
      const query = this.relativeQuery(root, symbol);
      if (query === undefined) continue;
      const graph = root.index.trace(query, traceOptions);
      if (graph.roots.length === 0) continue;
      const checked: CheckedTrace = precise
        ? await refineTrace(rootLocator(root), budget, graph, (edge) => edgeSites(root, edge))
        : graph;
      if (checked.precise) summaries.push(checked.precise);
      graphs.push({ ...prefixTrace(checked, root.prefix), ...(checked.precise ? { precise: checked.precise } : {}) });
    }
    this.logPrecise(`trace of ${describe(symbol)}`, summaries);
    const summary = mergeSummaries(summaries);
    return {
      roots: graphs.flatMap((g) => g.roots),
      nodes: graphs.flatMap((g) => g.nodes),
      edges: graphs.flatMap((g) => g.edges),
      truncated: graphs.some((g) => g.truncated),
      ...(summary ? { precise: summary } : {}),
    };
  }

  async imports(file: string, signal?: AbortSignal): Promise<ResolvedImport[] | undefined> {
    const hit = splitRootPath(await this.ready(signal), file);
    const prefix = hit?.root.prefix ?? '';
    return hit?.root.index.imports(hit.relative)?.map((r) => ({ ...r, files: r.files.map((f) => prefix + f) }));
  }

  async importers(file: string, signal?: AbortSignal): Promise<string[]> {
    const hit = splitRootPath(await this.ready(signal), file);
    return hit ? hit.root.index.importers(hit.relative).map((f) => hit.root.prefix + f) : [];
  }

  /** Writes index updates that are waiting for the save debounce now (before shutting down, in tests). */
  async flush(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    await this.save();
  }

  dispose(): void {
    this.disposed = true;
    this.reset();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private async incoming(
    symbol: string | SymbolInfo,
    calls: boolean,
    options: PreciseQueryOptions,
  ): Promise<{ sites: CheckedSite[] }> {
    const precise = this.preciseRequested(options);
    const budget = this.budget(options.signal);
    const sites: CheckedSite[] = [];
    const summaries: PreciseSummary[] = [];
    for (const { root, target } of await this.targets(symbol, options.signal)) {
      const found = incomingSites(root, target, calls);
      const refined = precise ? await refineIncoming(rootLocator(root), budget, target, found) : { sites: found };
      if ('summary' in refined) summaries.push(refined.summary);
      sites.push(...refined.sites.map((s) => prefixSite(s, root.prefix)));
    }
    this.logPrecise(`${calls ? 'callers' : 'references'} of ${describe(symbol)}`, summaries);
    return { sites };
  }

  private async targets(
    symbol: string | SymbolInfo,
    signal?: AbortSignal,
  ): Promise<Array<{ root: RootSymbolIndex; target: SymbolInfo }>> {
    const out: Array<{ root: RootSymbolIndex; target: SymbolInfo }> = [];
    for (const root of await this.ready(signal)) {
      const query = this.relativeQuery(root, symbol);
      if (query !== undefined) for (const target of targetsIn(root, query)) out.push({ root, target });
    }
    return out;
  }

  /** The query as one folder's index sees it: ids lose their folder prefix, ids of other folders are skipped. */
  private relativeQuery(root: RootSymbolIndex, symbol: string | SymbolInfo): string | undefined {
    const text = typeof symbol === 'string' ? symbol : symbol.id;
    if (!text.includes('#') || !root.prefix) return text;
    const hit = splitRootPath(this.roots ?? [], text);
    if (hit) return hit.root === root ? hit.relative : undefined;
    return text;
  }

  private preciseRequested(options: PreciseQueryOptions): boolean {
    return (
      (options.precise ?? true) && vscode.workspace.getConfiguration('rlm.symbols').get<boolean>('preciseMode', true)
    );
  }

  private budget(signal?: AbortSignal): LanguageServerBudget {
    return new LanguageServerBudget(this.options.precise, signal, (command, error) =>
      this.deps.log.debug(`symbols: ${command} failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  private logPrecise(query: string, summaries: readonly PreciseSummary[]): void {
    const s = mergeSummaries(summaries);
    if (!s) return;
    this.deps.log.info(
      `symbols: precise ${query}: ${s.confirmed} confirmed, ${s.dropped} dropped, ${s.added} added, ${s.unchecked} unchecked, ` +
        `${s.requests} language-server requests${s.stoppedBy ? `, stopped by ${s.stoppedBy}` : ''}${s.languageServerAnswered ? '' : ', no language server answered'}`,
    );
  }

  private currentRoots(): RootSymbolIndex[] {
    if (this.roots) return this.roots;
    const workspace = this.deps.workspace();
    if (!workspace) throw new NoFolderOpenError();
    const several = workspace.roots.length > 1;
    const roots = workspace.roots.map((r) => {
      const root = { name: r.name, fsPath: r.fsPath, prefix: several ? `${r.name}/` : '' };
      return new RootSymbolIndex({
        root,
        ...this.cacheDirFor(r.name, r.fsPath),
        ...(this.deps.workerScript ? { workerScript: this.deps.workerScript } : {}),
        ...(this.deps.assetDir ? { assetDir: this.deps.assetDir } : {}),
        listFiles: (signal) => this.listFolder(root.fsPath, signal),
        bulkUpdateFiles: this.options.bulkUpdateFiles,
      });
    });
    this.roots = roots;
    this.watchers = roots.map(
      (root) =>
        new SymbolFileWatcher(root.root.fsPath, this.options.updateDebounceMs, isRelevantPath, (batch) => {
          void this.applyBatch(root, batch);
        }),
    );
    return roots;
  }

  private cacheDirFor(name: string, fsPath: string): { cacheDir?: string } {
    if (!this.deps.storageDir) return {};
    const key = `${name.replace(/[^\w.-]+/g, '_')}-${createHash('sha256').update(fsPath).digest('hex').slice(0, 12)}`;
    return { cacheDir: nodePath.join(this.deps.storageDir, 'symbols', key) };
  }

  /** The folder's indexable files, root-relative, from the current Workspace listing. */
  private async listFolder(fsPath: string, signal?: AbortSignal): Promise<string[]> {
    const workspace = this.deps.workspace();
    const index = workspace?.roots.findIndex((r) => r.fsPath === fsPath) ?? -1;
    if (!workspace || index < 0) return [];
    const prefix = workspace.roots.length > 1 ? `${workspace.roots[index].name}/` : '';
    const listing = await workspace.listFiles(undefined, {
      maxResults: Number.MAX_SAFE_INTEGER,
      ...(signal ? { signal } : {}),
    });
    // An index of an all-ignored folder would be silently empty: name the rule once per listing.
    if (listing.hidden)
      void vscode.window.showWarningMessage(`RLM: the symbol index is (nearly) empty. ${listing.hidden.message}`);
    return listing.files
      .filter((f) => f.startsWith(prefix) && languageForPath(f) !== undefined)
      .map((f) => f.slice(prefix.length));
  }

  private buildWithProgress(roots: readonly RootSymbolIndex[]): Promise<void> {
    const controller = new AbortController();
    this.buildController = controller;
    const title = 'RLM: indexing symbols';
    return Promise.resolve(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        async (progress, token) => {
          const cancel = token.onCancellationRequested(() => controller.abort());
          try {
            const pending = roots.filter((r) => r.needsBuild);
            for (const root of pending) {
              const started = Date.now();
              const meter = new IndexProgressMeter();
              let shown = 0;
              let lastMessage = 0;
              const stats = await root.build({
                signal: controller.signal,
                onProgress: (event) => {
                  // At most one update per percent, or per second on a tree so large that a percent takes longer.
                  const percent = Math.floor((event.done * 100) / Math.max(1, event.total));
                  const now = Date.now();
                  if (percent <= shown && now - lastMessage < 1000) return;
                  progress.report({
                    increment: Math.max(0, percent - shown) / pending.length,
                    message: `${root.prefix}${meter.text(event)}`,
                  });
                  shown = Math.max(shown, percent);
                  lastMessage = now;
                },
              });
              this.deps.log.info(
                `symbols: ${root.root.name}: ${stats.indexed} files indexed (${stats.reused} from the cache, ${stats.extracted} parsed, ` +
                  `${stats.threads} worker threads), ${stats.skipped.length} skipped, in ${Date.now() - started} ms`,
              );
              for (const message of stats.grammarErrors) this.deps.log.warn(`symbols: ${message}`);
            }
          } finally {
            cancel.dispose();
            if (this.buildController === controller) this.buildController = undefined;
          }
        },
      ),
    );
  }

  private async applyBatch(root: RootSymbolIndex, batch: FileChangeBatch): Promise<void> {
    try {
      const started = Date.now();
      const touched = await root.apply(batch);
      if (touched.length === 0) return;
      this.deps.log.debug(`symbols: updated ${touched.length} file(s) in ${Date.now() - started} ms`);
      this.unsaved = true;
      if (this.saveTimer) clearTimeout(this.saveTimer);
      this.saveTimer = setTimeout(() => void this.save(), this.options.saveDebounceMs);
      this.updates.fire({ files: touched.map((f) => root.prefix + f) });
    } catch (error) {
      this.deps.log.warn(
        `symbols: could not apply file changes: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async save(): Promise<void> {
    this.saveTimer = undefined;
    if (!this.unsaved) return;
    this.unsaved = false;
    for (const root of this.roots ?? []) {
      await root.index.save().catch((error: unknown) => {
        // At shutdown the log channel may close before this last save ends.
        if (!this.disposed) this.deps.log.warn(`symbols: could not save the index cache: ${String(error)}`);
      });
    }
  }

  /** Forgets the folders (they changed, or the service is disposed); a pending save still runs. */
  private reset(): void {
    this.buildController?.abort();
    this.building = undefined;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    if (this.unsaved) void this.save();
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = [];
    for (const root of this.roots ?? []) root.dispose();
    this.roots = undefined;
  }
}

/** Created or changed paths worth a look: parseable files and .gitignore files outside dependency and build folders. */
function isRelevantPath(relative: string): boolean {
  const segments = relative.split('/');
  if (segments.some((s) => defaultExcludeNames.includes(s))) return false;
  return languageForPath(relative) !== undefined || segments[segments.length - 1] === '.gitignore';
}

function describe(symbol: string | SymbolInfo): string {
  return typeof symbol === 'string' ? symbol : symbol.id;
}
