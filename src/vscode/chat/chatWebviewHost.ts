import type * as vscode from 'vscode';
import type { ChatHostToWebview, ChatWebviewToHost } from '../../core/protocol/chatProtocol';
import { renderWebviewHtml, webviewOptions } from '../searchPanel/webviewHtml';
import { parseChatMessage } from '../../core/protocol/chatMessageSchema';

/**
 * One chat webview (the sidebar view or an editor tab): renders the page, validates what it sends, and passes the
 * host's notifications on only after its `ready` handshake.
 */
export class ChatWebviewHost implements vscode.Disposable {
  private ready = false;
  private readonly subscription: vscode.Disposable;
  private pendingFocus = false;

  constructor(
    private readonly webview: vscode.Webview,
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    onMessage: (message: ChatWebviewToHost, host: ChatWebviewHost) => void,
  ) {
    webview.options = webviewOptions(extensionUri);
    webview.html = renderWebviewHtml(webview, extensionUri, 'RLM Chat', 'chat');
    this.subscription = webview.onDidReceiveMessage((raw: unknown) => {
      const message = parseChatMessage(raw);
      if (!message) {
        this.log.warn(`chat: dropped a malformed message from the webview (${describeType(raw)})`);
        return;
      }
      if (message.type === 'ready') this.ready = true;
      onMessage(message, this);
    });
  }

  /** Notifications wait for the webview's `ready`; a webview that reloads says `ready` again and gets the state. */
  post(message: ChatHostToWebview): void {
    if (this.ready) void this.webview.postMessage(message);
  }

  /** Puts the cursor in the question box, now or right after the handshake. */
  focusInput(): void {
    if (this.ready) this.post({ type: 'focusInput' });
    else this.pendingFocus = true;
  }

  /** Called after the state was sent in answer to `ready`. */
  handshakeDone(): void {
    if (!this.pendingFocus) return;
    this.pendingFocus = false;
    this.post({ type: 'focusInput' });
  }

  dispose(): void {
    this.ready = false;
    this.subscription.dispose();
  }
}

function describeType(raw: unknown): string {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? `type "${type.slice(0, 40)}"` : typeof raw;
}
