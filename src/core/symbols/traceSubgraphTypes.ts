/** The graph of a symbol's callers and callees that the dependency graph page draws; the page's protocol re-exports it. */

type GraphConfidence = 'exact' | 'import' | 'name';

/** Where a node sits relative to the traced symbol: the root itself, upstream (callers), downstream (callees), or both. */
export type GraphSide = 'root' | 'caller' | 'callee' | 'both';

export interface GraphNode {
  id: string;
  /** Container-qualified name (`Class.method`), or the path for a file's top level. */
  label: string;
  /** A definition kind (`function`, `method`, `class`, …) or `file`. */
  kind: string;
  /** Workspace-relative path and 1-based line of the definition. */
  file: string;
  line: number;
  /** Hops from the root, the shorter of the two directions. */
  depth: number;
  side: GraphSide;
}

export interface GraphEdge {
  from: string;
  to: string;
  confidence: GraphConfidence;
  /** Call site (workspace-relative, 1-based line) when known. */
  file?: string;
  line?: number;
}

/** Callers and callees of one symbol up to `depth` hops, as one graph. */
export interface TraceSubgraph {
  root: string;
  depth: GraphDepth;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** True when the node limit stopped either walk. */
  truncated: boolean;
}

/** Hops traced each way; the page offers 1 to 5, default 2. */
export type GraphDepth = 1 | 2 | 3 | 4 | 5;
