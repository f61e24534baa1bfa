import * as vscode from 'vscode';
import type { Workspace } from '../core/workspace/workspace';

/**
 * Opens a workspace path (root-name prefixed when there are several roots) at a 1-based line and column, selecting
 * through `endLine` when given (a `path:start-end` citation). Paths can come from a webview or from model output,
 * so they go through the workspace's read checks.
 */
export async function openWorkspaceLocation(
  workspace: Workspace,
  file: string,
  line: number,
  column = 1,
  endLine?: number,
): Promise<void> {
  const { fsPath } = await workspace.locate(file);
  const start = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
  const end =
    endLine !== undefined && endLine > line ? new vscode.Position(endLine - 1, Number.MAX_SAFE_INTEGER) : start;
  const editor = await vscode.window.showTextDocument(vscode.Uri.file(fsPath), {
    selection: new vscode.Range(start, end),
    preview: true,
    viewColumn: columnBesideWebview(),
  });
  editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** Clicked from a webview tab (the chat, a graph): open the file in another group, so the tab stays in view. */
function columnBesideWebview(): vscode.ViewColumn | undefined {
  const active = vscode.window.tabGroups.activeTabGroup;
  if (!(active.activeTab?.input instanceof vscode.TabInputWebview)) return undefined;
  return vscode.window.tabGroups.all.find((group) => group !== active)?.viewColumn ?? vscode.ViewColumn.Beside;
}
