import type { GraphDepth, GraphHostToWebview, GraphWebviewToHost } from '../../../src/core/protocol/traceGraphProtocol';
import { webviewApi } from '../vscodeApi';

/** What the page keeps across reloads: the depth picked and the symbol shown (the panel serializer reopens it). */
export interface GraphPageState {
  depth?: GraphDepth;
  root?: string;
}

export const graphApi = webviewApi<GraphWebviewToHost, GraphHostToWebview, GraphPageState>();
