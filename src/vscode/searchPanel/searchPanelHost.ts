import * as vscode from 'vscode';
import type { HostToWebview, SearchQuery, WebviewToHost } from '../../core/protocol/searchPanelProtocol';
import type { Workspace } from '../../core/workspace/workspace';
import { parseSearchMessage } from '../../core/protocol/searchMessageSchema';
import { renderWebviewHtml, webviewOptions } from './webviewHtml';
import { untrustedFolderMessage } from '../workspaceTrust';

const maxHitsShown = 500;

export interface SearchPanelDependencies {
  extensionUri: vscode.Uri;
  workspace: () => Workspace | undefined;
  openLocation: (file: string, line: number, column: number) => Promise<void>;
  log: vscode.LogOutputChannel;
}

/**
 * Drives one search webview (the sidebar view or an editor tab): renders the page, waits for the
 * webview's `ready`, then answers its searches. One search runs at a time; a new one cancels the last.
 */
export class SearchPanelHost implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private running: { requestId: number; controller: AbortController } | undefined;
  private lastQuery: SearchQuery | undefined;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly deps: SearchPanelDependencies,
  ) {
    webview.options = webviewOptions(deps.extensionUri);
    webview.html = renderWebviewHtml(webview, deps.extensionUri, 'RLM Search');
    this.disposables.push(webview.onDidReceiveMessage((raw) => this.receive(raw)));
  }

  dispose(): void {
    this.running?.controller.abort();
    for (const d of this.disposables) d.dispose();
  }

  private receive(raw: unknown): void {
    const message = parseSearchMessage(raw);
    if (!message) {
      this.deps.log.warn('search panel: dropped a malformed message from the webview');
      return;
    }
    void this.handle(message);
  }

  private async handle(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.post({
          type: 'state',
          workspaceName: vscode.workspace.name ?? 'No folder open',
          trusted: vscode.workspace.isTrusted,
          lastQuery: this.lastQuery,
        });
        return;
      case 'search':
        return this.search(message.requestId, message.query);
      case 'cancelSearch':
        if (this.running?.requestId === message.requestId) this.running.controller.abort();
        return;
      case 'openLocation':
        try {
          await this.deps.openLocation(message.file, message.line, message.column);
        } catch (error) {
          void vscode.window.showErrorMessage(`RLM: could not open ${message.file}: ${errorMessage(error)}`);
        }
        return;
    }
  }

  private async search(requestId: number, query: SearchQuery): Promise<void> {
    this.running?.controller.abort();
    const controller = new AbortController();
    this.running = { requestId, controller };
    this.lastQuery = query;
    const workspace = this.deps.workspace();
    if (!workspace) {
      this.post({ type: 'searchError', requestId, message: 'Open a folder first: there is no workspace to search.' });
      return;
    }
    if (!vscode.workspace.isTrusted) {
      this.post({ type: 'searchError', requestId, message: untrustedFolderMessage });
      return;
    }
    this.post({ type: 'searchStarted', requestId });
    const started = performance.now();
    try {
      const result = await workspace.grep(query.pattern, {
        caseSensitive: query.caseSensitive,
        glob: query.glob.trim() || undefined,
        maxResults: maxHitsShown,
        signal: controller.signal,
      });
      if (controller.signal.aborted) return this.postCancelled(requestId);
      this.post({
        type: 'searchResults',
        requestId,
        hits: result.matches.map(({ file, line, column, text }) => ({ file, line, column, text })),
        truncated: result.truncated,
        skippedFiles: result.skipped.length,
        engine: result.engine,
        elapsedMs: Math.round(performance.now() - started),
      });
    } catch (error) {
      if (controller.signal.aborted) return this.postCancelled(requestId);
      this.post({ type: 'searchError', requestId, message: errorMessage(error) });
    } finally {
      if (this.running?.requestId === requestId) this.running = undefined;
    }
  }

  /** Only for the search the Stop button ended; a search replaced by a newer one ends silently. */
  private postCancelled(requestId: number): void {
    if (this.running?.requestId === requestId) this.post({ type: 'searchCancelled', requestId });
  }

  private post(message: HostToWebview): void {
    void this.webview.postMessage(message);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
