import * as vscode from 'vscode';
import type { Workspace } from '../core/workspace/workspace';

/**
 * Opens a workspace path (root-name prefixed when there are several roots) at a 1-based line and column.
 * Paths can come from a webview or from model output, so they go through the workspace's read checks.
 */
export async function openWorkspaceLocation(workspace: Workspace, file: string, line: number, column = 1): Promise<void> {
  const { fsPath } = await workspace.locate(file);
  const position = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
  await vscode.window.showTextDocument(vscode.Uri.file(fsPath), { selection: new vscode.Range(position, position), preview: true });
}
