import * as vscode from 'vscode';
import type { RunHistory } from './runHistory';
import { nodeTitle, runNodeMarkdown } from './runNodeText';

export const runNodeScheme = 'rlm-run';

/** `rlm-run:/<rootId>/<nodeId>/<Kind>.md`: the last segment only names the tab. */
function runNodeUri(rootId: string, nodeId: string, title: string): vscode.Uri {
  return vscode.Uri.from({ scheme: runNodeScheme, path: `/${encodeURIComponent(rootId)}/${encodeURIComponent(nodeId)}/${title.replace(/[^\w -]/g, '')}.md` });
}

function parseRunNodeUri(uri: vscode.Uri): { rootId: string; nodeId: string } | undefined {
  const [, rootId, nodeId] = uri.path.split('/');
  return rootId && nodeId ? { rootId: decodeURIComponent(rootId), nodeId: decodeURIComponent(nodeId) } : undefined;
}

/** Read-only markdown documents with a run step's prompt, code, output, response, timings and usage. */
export class RunNodeDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly history: RunHistory) {
    // A running step's document follows it (its output and timings arrive later).
    this.subscription = history.onDidChange((change) => {
      if (change.kind !== 'nodes') return;
      const changed = new Set(change.nodeIds);
      for (const document of vscode.workspace.textDocuments) {
        const target = document.uri.scheme === runNodeScheme ? parseRunNodeUri(document.uri) : undefined;
        if (target?.rootId === change.runId && changed.has(target.nodeId)) this.changeEmitter.fire(document.uri);
      }
    });
  }

  uriOf(rootId: string, nodeId: string): vscode.Uri | undefined {
    const node = this.history.tree(rootId)?.get(nodeId);
    return node ? runNodeUri(rootId, nodeId, nodeTitle(node)) : undefined;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const target = parseRunNodeUri(uri);
    const tree = target ? this.history.tree(target.rootId) : undefined;
    const node = target ? tree?.get(target.nodeId) : undefined;
    if (!tree || !node) return '# Step not available\n\nThe run was deleted or its log could not be read.\n';
    return runNodeMarkdown(tree, node, Date.now());
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}
