import type { CallGraph, ResolvedReference } from './callGraph';
import type { DefHandle, SymbolStore } from './symbolStore';
import type { EdgeKind, SymbolEdge, TraceGraph, TraceNode } from './symbolTypes';

export interface TraceOptions {
  direction?: 'callers' | 'callees' | 'both';
  /** Hops from the root; default 2. */
  depth?: number;
  /** Stop adding nodes past this; default from the index options. */
  maxNodes?: number;
  /** Edge kinds followed; default calls only. */
  kinds?: EdgeKind[];
  /** Drop edges below this confidence; default keeps all. */
  minConfidence?: 'exact' | 'import' | 'name';
}

const confidenceRank = { exact: 0, import: 1, name: 2 } as const;

/** Breadth-first walk of the call graph from one or more definitions. */
export function traceGraph(
  store: SymbolStore,
  graph: CallGraph,
  roots: DefHandle[],
  options: TraceOptions,
  defaultMaxNodes: number,
): TraceGraph {
  const direction = options.direction ?? 'callees';
  const maxDepth = options.depth ?? 2;
  const maxNodes = options.maxNodes ?? defaultMaxNodes;
  const kinds = new Set<EdgeKind>(options.kinds ?? ['call']);
  const floor = confidenceRank[options.minConfidence ?? 'name'];
  const nodes = new Map<string, TraceNode>();
  const edges = new Map<string, SymbolEdge>();
  let truncated = false;
  let frontier: Array<{ handle: DefHandle | undefined; symbolsFile: string; index: number }> = [];
  for (const root of roots) {
    const ref = graph.refOf(root.symbols, root.index);
    nodes.set(ref.id, { ...ref, depth: 0 });
    frontier.push({ handle: root, symbolsFile: root.symbols.file, index: root.index });
  }
  const accept = (r: ResolvedReference): boolean =>
    kinds.has(r.site.kind === 'type' ? 'type' : 'call') && confidenceRank[r.site.confidence] <= floor;
  for (let depth = 1; depth <= maxDepth && frontier.length && !truncated; depth++) {
    const next: typeof frontier = [];
    for (const item of frontier) {
      const symbols = item.handle?.symbols ?? store.files.get(item.symbolsFile);
      if (!symbols) continue;
      const steps: Array<{ ref: ResolvedReference; forward: boolean }> = [];
      if (direction !== 'callers')
        for (const r of graph.outgoing(symbols, item.index)) if (accept(r)) steps.push({ ref: r, forward: true });
      if (direction !== 'callees' && item.index >= 0) {
        for (const r of graph.incoming({ symbols, index: item.index }))
          if (accept(r)) steps.push({ ref: r, forward: false });
      }
      for (const { ref, forward } of steps) {
        const other = forward ? ref.site.to : ref.site.from;
        if (!nodes.has(other.id)) {
          if (nodes.size >= maxNodes) {
            truncated = true;
            break;
          }
          nodes.set(other.id, { ...other, depth });
          next.push(
            forward
              ? { handle: ref.target, symbolsFile: ref.target.symbols.file, index: ref.target.index }
              : {
                  handle: ref.from >= 0 ? { symbols: ref.symbols, index: ref.from } : undefined,
                  symbolsFile: ref.symbols.file,
                  index: ref.from,
                },
          );
        }
        const edge: SymbolEdge = {
          from: ref.site.from.id,
          to: ref.site.to.id,
          kind: ref.site.kind === 'type' ? 'type' : 'call',
          confidence: ref.site.confidence,
          file: ref.site.file,
          line: ref.site.line,
        };
        const key = `${edge.from}\u0000${edge.to}\u0000${edge.kind}`;
        const existing = edges.get(key);
        if (!existing || confidenceRank[edge.confidence] < confidenceRank[existing.confidence]) edges.set(key, edge);
      }
      if (truncated) break;
    }
    frontier = next;
  }
  return {
    roots: roots.map((r) => graph.refOf(r.symbols, r.index).id),
    nodes: [...nodes.values()],
    edges: [...edges.values()],
    truncated,
  };
}
