/**
 * Messages between the dependency graph webview and the extension host. Type-only: imported by both sides.
 * Direction is part of the type: `GraphWebviewToHost` are commands, `GraphHostToWebview` notifications.
 * The webview says `ready` first; the host answers with `graph` (and again after every `setDepth`).
 */

import type { GraphDepth, TraceSubgraph } from '../symbols/traceSubgraphTypes';

export type { GraphConfidence, GraphDepth, GraphEdge, GraphNode, GraphSide, TraceSubgraph } from '../symbols/traceSubgraphTypes';

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
