import { defaultSymbolResultLimits } from '../../core/sandbox/indexedSymbolService';
import type { ReferenceRecord, SymbolRecord, TraceRecord } from '../../core/sandbox/indexedSymbolService';
import type { SandboxSymbolService, SymbolCallContext, TraceOptions } from '../../core/sandbox/sandboxTypes';
import type { SymbolRef } from '../../core/symbols/index';
import type { VscodeSymbolService } from '../symbols/vscodeSymbolService';

/**
 * The REPL's symbol functions on the extension's symbol service (the persisted, watched index, checked by the language
 * servers in precise mode), answering with the same compact records as the CLI's IndexedSymbolService.
 */
export class VscodeSandboxSymbols implements SandboxSymbolService {
  private readonly limits = defaultSymbolResultLimits;

  constructor(private readonly service: VscodeSymbolService) {}

  async symbols(path: string, context: SymbolCallContext = {}): Promise<SymbolRecord[]> {
    const file = path.replace(/\\/g, '/').replace(/^\.\//, '');
    const outline = await this.service.outline(file, context.signal);
    if (!outline) {
      throw new Error(`symbols: ${file} is not in the symbol index (not a supported language, ignored, skipped as too large or minified, or missing); read it with readFile.`);
    }
    return outline.map(definitionRecord);
  }

  async findSymbol(name: string, context: SymbolCallContext = {}): Promise<SymbolRecord[]> {
    const found = await this.service.findSymbol(name, { limit: this.limits.findResults + 1, signal: context.signal });
    if (found.length > this.limits.findResults) context.note?.(`[findSymbol: first ${this.limits.findResults} matches shown; exact matches come first]`);
    return found.slice(0, this.limits.findResults).map(definitionRecord);
  }

  async references(name: string, context: SymbolCallContext = {}): Promise<ReferenceRecord[]> {
    await this.assertDefined('references', name, context.signal);
    const sites = (await this.service.references(name, { signal: context.signal })).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    const records = sites.slice(0, this.limits.referenceResults).map((site) => ({
      at: `${site.file}:${site.line}`, kind: site.kind, in: refName(site.from), confidence: site.confidence,
    }));
    if (sites.length > records.length) context.note?.(`[references: ${records.length} of ${sites.length} shown; use a qualified name (Class.method) or trace()]`);
    return records;
  }

  async trace(name: string, options: TraceOptions, context: SymbolCallContext = {}): Promise<TraceRecord> {
    await this.assertDefined('trace', name, context.signal);
    const graph = await this.service.trace(name, { direction: options.direction, depth: options.depth, maxNodes: this.limits.traceNodes, signal: context.signal });
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

  private async assertDefined(fn: string, name: string, signal: AbortSignal | undefined): Promise<void> {
    if ((await this.service.findSymbol(name, { exact: true, limit: 1, signal })).length === 0) {
      throw new Error(`${fn}: no definition named "${name}" in the symbol index; look the name up with findSymbol("${name}") or search with grep.`);
    }
  }
}

function definitionRecord(s: { qualifiedName: string; kind: string; file: string; line: number; endLine: number; signature: string; doc?: string }): SymbolRecord {
  const doc = s.doc?.split('\n').map((line) => line.trim()).find((line) => line !== '');
  return { name: s.qualifiedName, kind: s.kind, at: `${s.file}:${s.line}`, endLine: s.endLine, signature: s.signature, ...(doc ? { doc: doc.slice(0, 160) } : {}) };
}

function refName(ref: SymbolRef): string {
  return ref.kind === 'file' ? `${ref.file} (top level)` : ref.qualifiedName;
}
