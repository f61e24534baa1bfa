/**
 * The REPL's symbol functions on the tree-sitter `SymbolIndex`: built (or loaded from its cache) on the first symbol
 * call, so questions that never use symbols pay nothing; results are compact records citing `file:line`.
 */
import { SymbolIndex } from '../symbols/symbolIndex';
import type { IndexStats } from '../symbols/symbolIndex';
import type { SymbolIndexOptions } from '../symbols/symbolIndexOptions';
import type { SymbolRef } from '../symbols/symbolTypes';
import { indexableFiles } from '../symbols/workspaceFiles';
import type { Workspace } from '../workspace/workspace';
import type { SandboxSymbolService, SymbolCallContext, TraceOptions } from './sandboxTypes';

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

/** Caps on what one call returns, so a common name cannot flood the model's context. */
export interface SymbolResultLimits {
  findResults: number;
  referenceResults: number;
  traceNodes: number;
}

export const defaultSymbolResultLimits: Readonly<SymbolResultLimits> = { findResults: 30, referenceResults: 100, traceNodes: 80 };

/** A definition as the model sees it. */
export interface SymbolRecord {
  name: string;
  kind: string;
  at: string;
  endLine: number;
  signature: string;
  doc?: string;
}

export interface ReferenceRecord {
  at: string;
  kind: string;
  /** The definition containing the use, or the file for top-level code. */
  in: string;
  confidence: string;
}

export interface TraceRecord {
  roots: string[];
  nodes: { name: string; kind: string; at: string; depth: number }[];
  edges: { from: string; to: string; at: string; confidence: string }[];
  truncated: boolean;
}

export class IndexedSymbolService implements SandboxSymbolService {
  private opening: Promise<SymbolIndex> | undefined;
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
    if (!outline) {
      throw new Error(`symbols: ${file} is not in the symbol index (not a supported language, ignored, skipped as too large or minified, or missing); read it with readFile.`);
    }
    return outline.map((s) => definitionRecord(s));
  }

  async findSymbol(name: string, context: SymbolCallContext = {}): Promise<SymbolRecord[]> {
    const index = await this.open(context.signal);
    const found = index.findSymbol(name, { limit: this.limits.findResults + 1 });
    if (found.length > this.limits.findResults) context.note?.(`[findSymbol: first ${this.limits.findResults} matches shown; exact matches come first]`);
    return found.slice(0, this.limits.findResults).map((s) => definitionRecord(s));
  }

  async references(name: string, context: SymbolCallContext = {}): Promise<ReferenceRecord[]> {
    const index = await this.open(context.signal);
    this.assertDefined(index, 'references', name);
    const sites = index.references(name).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    const records = sites.slice(0, this.limits.referenceResults).map((site) => ({
      at: `${site.file}:${site.line}`, kind: site.kind, in: refName(site.from), confidence: site.confidence,
    }));
    if (sites.length > records.length) context.note?.(`[references: ${records.length} of ${sites.length} shown; use a qualified name (Class.method) or trace()]`);
    return records;
  }

  async trace(name: string, options: TraceOptions, context: SymbolCallContext = {}): Promise<TraceRecord> {
    const index = await this.open(context.signal);
    this.assertDefined(index, 'trace', name);
    const graph = index.trace(name, { direction: options.direction, depth: options.depth, maxNodes: this.limits.traceNodes });
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    const label = (id: string): string => {
      const node = byId.get(id);
      return node ? refName(node) : id;
    };
    if (graph.truncated) context.note?.(`[trace: stopped at ${graph.nodes.length} nodes; lower depth or pick one direction]`);
    return {
      roots: graph.roots.map((id) => `${label(id)} ${byId.get(id)?.file ?? ''}:${byId.get(id)?.line ?? ''}`),
      nodes: graph.nodes.map((n) => ({ name: refName(n), kind: n.kind, at: `${n.file}:${n.line}`, depth: n.depth })),
      edges: graph.edges.map((e) => ({ from: label(e.from), to: label(e.to), at: e.file === undefined ? '' : `${e.file}:${e.line ?? 1}`, confidence: e.confidence })),
      truncated: graph.truncated,
    };
  }

  private assertDefined(index: SymbolIndex, fn: string, name: string): void {
    if (index.findSymbol(name, { exact: true, limit: 1 }).length === 0) {
      throw new Error(`${fn}: no definition named "${name}" in the symbol index; look the name up with findSymbol("${name}") or search with grep.`);
    }
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

function definitionRecord(s: { qualifiedName: string; kind: string; file: string; line: number; endLine: number; signature: string; doc?: string }): SymbolRecord {
  const doc = s.doc?.split('\n').map((line) => line.trim()).find((line) => line !== '');
  return { name: s.qualifiedName, kind: s.kind, at: `${s.file}:${s.line}`, endLine: s.endLine, signature: s.signature, ...(doc ? { doc: doc.slice(0, 160) } : {}) };
}

function refName(ref: SymbolRef): string {
  return ref.kind === 'file' ? `${ref.file} (top level)` : ref.qualifiedName;
}

function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '');
}
