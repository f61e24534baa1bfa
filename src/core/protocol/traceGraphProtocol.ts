/**
 * Messages between the dependency graph webview and the extension host. Type-only: imported by both sides.
 * Direction is part of the type: `GraphWebviewToHost` are commands, `GraphHostToWebview` notifications.
 * The webview says `ready` first; the host answers with `graph` (and again after every `setDepth`).
 */

import type { InferOutput } from 'valibot';
import type { GraphDepth, TraceSubgraph } from '../symbols/traceSubgraphTypes';
import type { graphWebviewToHostSchema } from './graphMessageSchema';

export type { GraphDepth, GraphEdge, GraphNode, TraceSubgraph } from '../symbols/traceSubgraphTypes';

/** Commands from the webview, as they are once the host has checked them (see graphMessageSchema.ts). */
export type GraphWebviewToHost = InferOutput<typeof graphWebviewToHostSchema>;

export type GraphHostToWebview =
  | { type: 'graph'; graph: TraceSubgraph }
  | { type: 'loading'; depth: GraphDepth }
  | { type: 'error'; message: string }
  | { type: 'requestSvg'; requestId: number };
