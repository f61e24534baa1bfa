/**
 * The REPL's symbol functions on the tree-sitter `SymbolIndex`: built (or loaded from its cache) on the first symbol
 * call, so questions that never use symbols pay nothing; results are compact records citing `file:line`.
 */
import { IndexCancelledError } from '../symbols/indexCancelledError';
import { SymbolIndex } from '../symbols/symbolIndex';
import type { IndexStats } from '../symbols/symbolIndex';
import type { SymbolIndexOptions } from '../symbols/symbolIndexOptions';
import { indexableFiles } from '../symbols/workspaceFiles';
import type { Workspace } from '../workspace/workspace';
import type { SandboxSymbolService, SymbolCallContext, TraceOptions } from './sandboxTypes';
import {
  defaultSymbolResultLimits,
  definitionRecord,
  findRecords,
  notInIndexError,
  referenceRecords,
  traceRecord,
  undefinedSymbolError,
  type ReferenceRecord,
  type SymbolRecord,
  type SymbolResultLimits,
  type TraceRecord,
} from './symbolRecords';

export interface IndexedSymbolServiceConfig {
  workspace: Workspace;
  /** Where the index persists between runs (the CLI uses `<repo>/.cache/rlm`); none keeps it in memory. */
  cacheDir?: string;
  indexOptions?: Partial<SymbolIndexOptions>;
  /** Worker bundle and asset folder overrides (tests, benchmarks); defaults are next to the running bundle. */
  workerScript?: string;
  assetDir?: string;
  /** Told once the index is ready (progress output). */
  onIndexed?: (stats: IndexStats, ms: number) => void;
  limits?: Partial<SymbolResultLimits>;
}

export class IndexedSymbolService implements SandboxSymbolService {
  private opening: Promise<SymbolIndex> | undefined;
  private refreshing: Promise<void> | undefined;
  private readonly limits: SymbolResultLimits;

  constructor(private readonly config: IndexedSymbolServiceConfig) {
    this.limits = { ...defaultSymbolResultLimits, ...config.limits };
  }

  /** True once a symbol call has built or loaded the index. */
  get opened(): boolean {
    return this.opening !== undefined;
  }

  async symbols(path: string, context: SymbolCallContext = {}): Promise<SymbolRecord[]> {
    const index = await this.open(context.signal);
    const file = normalizePath(path);
    const outline = index.outline(file);
    if (!outline) throw notInIndexError(file);
    return outline.map(definitionRecord);
  }

  async findSymbol(name: string, context: SymbolCallContext = {}): Promise<SymbolRecord[]> {
    const index = await this.open(context.signal);
    return findRecords(index.findSymbol(name, { limit: this.limits.findResults + 1 }), this.limits, context);
  }

  async references(name: string, context: SymbolCallContext = {}): Promise<ReferenceRecord[]> {
    const index = await this.open(context.signal);
    this.assertDefined(index, 'references', name);
    return referenceRecords(index.references(name), this.limits, context);
  }

  async trace(name: string, options: TraceOptions, context: SymbolCallContext = {}): Promise<TraceRecord> {
    const index = await this.open(context.signal);
    this.assertDefined(index, 'trace', name);
    return traceRecord(
      index.trace(name, { direction: options.direction, depth: options.depth, maxNodes: this.limits.traceNodes }),
      context,
    );
  }

  /** A file's imports (with the workspace files each resolves to) and the files importing it; undefined when not indexed. */
  async imports(
    path: string,
    signal?: AbortSignal,
  ): Promise<{ imports: { module: string; line: number; files: string[] }[]; importers: string[] } | undefined> {
    const index = await this.open(signal);
    const file = normalizePath(path);
    const imports = index.imports(file);
    if (!imports) return undefined;
    return {
      imports: imports.map(({ module, line, files }) => ({ module, line, files })),
      importers: index.importers(file),
    };
  }

  /**
   * Brings an open index up to date with the workspace (new, changed and deleted files, found by size and mtime), or
   * opens it. A long-lived host calls this once per request, so a caller that edits code sees its edit without the
   * index being loaded again. Callers arriving during a refresh share it.
   */
  async refresh(signal?: AbortSignal): Promise<void> {
    if (!this.opening) {
      await this.open(signal);
      return;
    }
    for (;;) {
      this.refreshing ??= this.revalidate(signal).finally(() => {
        this.refreshing = undefined;
      });
      try {
        await this.refreshing;
        return;
      } catch (error) {
        // Another caller's cancelled refresh: this caller was not cancelled, so it refreshes on its own.
        if (signal?.aborted || !isCancellation(error)) throw error;
      }
    }
  }

  /**
   * The service for one request that may make many symbol calls (an exploration run): its first call refreshes the
   * index, later calls use it as it is. A request that never looks a symbol up costs nothing.
   */
  forRequest(): SandboxSymbolService {
    let refreshed: Promise<void> | undefined;
    const fresh = async (context: SymbolCallContext): Promise<void> => {
      refreshed ??= this.refresh(context.signal).catch((error: unknown) => {
        refreshed = undefined; // a cancelled or failed refresh is tried again by the next call
        throw error;
      });
      await refreshed;
    };
    return {
      symbols: async (path, context = {}) => {
        await fresh(context);
        return this.symbols(path, context);
      },
      findSymbol: async (name, context = {}) => {
        await fresh(context);
        return this.findSymbol(name, context);
      },
      references: async (name, context = {}) => {
        await fresh(context);
        return this.references(name, context);
      },
      trace: async (name, options, context = {}) => {
        await fresh(context);
        return this.trace(name, options, context);
      },
    };
  }

  private async revalidate(signal?: AbortSignal): Promise<void> {
    const index = await this.open(signal);
    const files = await indexableFiles(this.config.workspace, signal);
    await index.build(files, signal ? { signal } : {});
  }

  private assertDefined(index: SymbolIndex, fn: string, name: string): void {
    if (index.findSymbol(name, { exact: true, limit: 1 }).length === 0) throw undefinedSymbolError(fn, name);
  }

  private open(signal?: AbortSignal): Promise<SymbolIndex> {
    this.opening ??= this.build(signal).catch((error: unknown) => {
      this.opening = undefined; // a cancelled or failed build is retried by the next call
      throw error;
    });
    return this.opening;
  }

  private async build(signal?: AbortSignal): Promise<SymbolIndex> {
    const started = Date.now();
    const { workspace, cacheDir, indexOptions, workerScript, assetDir } = this.config;
    const files = await indexableFiles(workspace, signal);
    const index = new SymbolIndex({
      root: workspace.roots[0].fsPath,
      ...(cacheDir ? { cacheDir } : {}),
      ...(indexOptions ? { options: indexOptions } : {}),
      ...(workerScript ? { workerScript } : {}),
      ...(assetDir ? { assetDir } : {}),
    });
    const stats = await index.build(files, signal ? { signal } : {});
    this.config.onIndexed?.(stats, Date.now() - started);
    return index;
  }
}

function isCancellation(error: unknown): boolean {
  return error instanceof IndexCancelledError || (error instanceof Error && error.name === 'AbortError');
}

function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '');
}
