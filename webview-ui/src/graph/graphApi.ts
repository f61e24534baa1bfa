import type { GraphDepth, GraphHostToWebview, GraphWebviewToHost } from '../../../src/core/protocol/traceGraphProtocol';

/** What the page keeps across reloads: the depth picked and the symbol shown (the panel serializer reopens it). */
export interface GraphPageState {
  depth?: GraphDepth;
  root?: string;
}

interface GraphVsCodeApi {
  postMessage(message: GraphWebviewToHost): void;
  getState(): GraphPageState | undefined;
  setState(state: GraphPageState): void;
}

declare function acquireVsCodeApi(): GraphVsCodeApi;

/** Acquired once per page, as VS Code allows. */
export const graphApi: GraphVsCodeApi = acquireVsCodeApi();

export function onGraphMessage(listener: (message: GraphHostToWebview) => void): () => void {
  const handler = (event: MessageEvent<GraphHostToWebview>): void => listener(event.data);
  window.addEventListener('message', handler);
  return () => window.removeEventListener('message', handler);
}
