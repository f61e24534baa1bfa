import type { HostToWebview, SearchQuery, WebviewToHost } from '../../src/core/protocol/searchPanelProtocol';

interface PanelState {
  query?: SearchQuery;
}

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** Acquired once per page, as VS Code allows. */
export const vscodeApi: VsCodeApi = acquireVsCodeApi();

export function onHostMessage(listener: (message: HostToWebview) => void): () => void {
  const handler = (event: MessageEvent<HostToWebview>): void => listener(event.data);
  window.addEventListener('message', handler);
  return () => window.removeEventListener('message', handler);
}
