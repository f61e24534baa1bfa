import type { ChatHostToWebview, ChatWebviewToHost } from '../../../src/core/protocol/chatProtocol';

/** What the panel keeps across hiding: only the unsent question (the conversation comes from the host). */
export interface ChatPanelState {
  draft?: string;
}

interface ChatVsCodeApi {
  postMessage(message: ChatWebviewToHost): void;
  getState(): ChatPanelState | undefined;
  setState(state: ChatPanelState): void;
}

declare function acquireVsCodeApi(): ChatVsCodeApi;

/** Acquired once per page, as VS Code allows. */
export const chatApi: ChatVsCodeApi = acquireVsCodeApi();

export function postToHost(message: ChatWebviewToHost): void {
  chatApi.postMessage(message);
}

export function onChatHostMessage(listener: (message: ChatHostToWebview) => void): () => void {
  const handler = (event: MessageEvent<ChatHostToWebview>): void => {
    // Only the host's notifications carry a string `type`; ignore anything else posted to the window.
    if (event.data && typeof event.data === 'object' && typeof event.data.type === 'string') listener(event.data);
  };
  window.addEventListener('message', handler);
  return () => window.removeEventListener('message', handler);
}
