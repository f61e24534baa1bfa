/**
 * Messages between the dependency graph webview and the extension host. Type-only: imported by both sides.
 * Direction is part of the type: `GraphWebviewToHost` are commands, `GraphHostToWebview` notifications.
 * The webview says `ready` first; the host answers with `graph` (and again after every `setDepth`).
 */

export type GraphConfidence = 'exact' | 'import' | 'name';

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

export type GraphWebviewToHost =
  | { type: 'ready' }
  /** The person picked another depth; the host traces again and sends `graph`. */
  | { type: 'setDepth'; depth: GraphDepth }
  | { type: 'openNode'; id: string }
  /** The rendered SVG: the answer to `requestSvg` (with its id), or the page's own Export SVG button (no id). */
  | { type: 'svg'; requestId?: number; svg: string }
  | { type: 'exportDot' }
  /** The layout finished and the nodes are in the page (lets the host and tests know what is shown). */
  | { type: 'rendered'; nodes: number; edges: number }
  | { type: 'renderError'; message: string };

export type GraphHostToWebview =
  | { type: 'graph'; graph: TraceSubgraph }
  | { type: 'loading'; depth: GraphDepth }
  | { type: 'error'; message: string }
  | { type: 'requestSvg'; requestId: number };
