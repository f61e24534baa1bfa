import type { ChatHostToWebview, ChatWebviewToHost } from '../../../src/core/protocol/chatProtocol';
import { webviewApi } from '../vscodeApi';

/** What the panel keeps across hiding: only the unsent question (the conversation comes from the host). */
export interface ChatPanelState {
  draft?: string;
}

export const chatApi = webviewApi<ChatWebviewToHost, ChatHostToWebview, ChatPanelState>();
