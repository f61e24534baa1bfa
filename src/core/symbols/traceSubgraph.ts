import type { GraphDepth, GraphEdge, GraphNode, GraphSide, TraceSubgraph } from './traceSubgraphTypes';
import type { Confidence, TraceGraph } from './symbolTypes';

const rank: Record<Confidence, number> = { exact: 0, import: 1, name: 2 };

/**
 * One graph of a symbol's callers and callees from two one-direction traces (a `both` trace would also walk the
 * callers of every callee, which is not what "around this symbol" means). Nodes keep the shorter depth and say
 * on which side of the root they are; an edge found by both walks keeps its best confidence.
 */
export function buildTraceSubgraph(
  root: string,
  depth: GraphDepth,
  callers: TraceGraph,
  callees: TraceGraph,
): TraceSubgraph {
  const nodes = new Map<string, GraphNode>();
  const add = (graph: TraceGraph, side: 'caller' | 'callee'): void => {
    for (const node of graph.nodes) {
      const nodeSide: GraphSide = node.id === root ? 'root' : side;
      const existing = nodes.get(node.id);
      if (!existing) {
        nodes.set(node.id, {
          id: node.id,
          label: node.qualifiedName,
          kind: node.kind,
          file: node.file,
          line: node.line,
          depth: node.depth,
          side: nodeSide,
        });
      } else {
        existing.depth = Math.min(existing.depth, node.depth);
        if (existing.side !== nodeSide && existing.side !== 'root') existing.side = 'both';
      }
    }
  };
  add(callers, 'caller');
  add(callees, 'callee');
  const edges = new Map<string, GraphEdge>();
  for (const edge of [...callers.edges, ...callees.edges]) {
    if (!nodes.has(edge.from) || !nodes.has(edge.to)) continue;
    const key = `${edge.from}\u0000${edge.to}`;
    const existing = edges.get(key);
    if (existing && rank[existing.confidence] <= rank[edge.confidence]) continue;
    edges.set(key, {
      from: edge.from,
      to: edge.to,
      confidence: edge.confidence,
      ...(edge.file !== undefined ? { file: edge.file } : {}),
      ...(edge.line !== undefined ? { line: edge.line } : {}),
    });
  }
  // Stable order (root first, then by depth and name) so the layout and the DOT text do not shuffle between traces.
  const order = (n: GraphNode): number => (n.side === 'root' ? -1 : n.depth);
  return {
    root,
    depth,
    nodes: [...nodes.values()].sort(
      (a, b) => order(a) - order(b) || a.label.localeCompare(b.label) || a.id.localeCompare(b.id),
    ),
    edges: [...edges.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
    truncated: callers.truncated || callees.truncated,
  };
}

/** A box of a DOT graph: the definition's name and where it is; `root` draws it bold. */
export interface DotNode {
  id: string;
  label: string;
  file: string;
  line: number;
  root: boolean;
}

/** An arrow of a DOT graph; with `file` and `line` its tooltip names the call site. */
export interface DotEdge {
  from: string;
  to: string;
  confidence: Confidence;
  file?: string;
  line?: number;
}

const dotStyles: Record<Confidence, string> = { exact: 'solid', import: 'dashed', name: 'dotted' };

/**
 * Graphviz DOT (render with `dot -Tsvg`): edges solid/dashed/dotted by confidence. Every id and label is a JSON
 * string, which DOT reads as a quoted string (`\"` and `\\` escaped), so a name cannot end the quote early.
 */
export function dependencyDot(nodes: readonly DotNode[], edges: readonly DotEdge[]): string {
  const quote = (s: string): string => JSON.stringify(s);
  const lines = ['digraph trace {', '  rankdir=LR;', '  node [shape=box, fontname="monospace"];'];
  for (const node of nodes)
    lines.push(
      `  ${quote(node.id)} [label=${quote(`${node.label}\n${node.file}:${node.line}`)}${node.root ? ', penwidth=2' : ''}];`,
    );
  for (const edge of edges) {
    const site =
      edge.file !== undefined && edge.line !== undefined ? `, tooltip=${quote(`${edge.file}:${edge.line}`)}` : '';
    lines.push(
      `  ${quote(edge.from)} -> ${quote(edge.to)} [style=${dotStyles[edge.confidence]}, label=${quote(edge.confidence)}${site}];`,
    );
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** The subgraph as DOT: the traced symbol bold, each edge's tooltip its call site. */
export function traceSubgraphToDot(graph: TraceSubgraph): string {
  return dependencyDot(
    graph.nodes.map((node) => ({ ...node, root: node.side === 'root' })),
    graph.edges,
  );
}
