import * as vscode from 'vscode';
import type { Workspace } from '../core/workspace/workspace';

/**
 * Maps a workspace-relative path (root-name prefixed when there are several roots) to a file URI,
 * using the workspace's own path resolution so the same safety rules apply.
 */
export function uriForWorkspacePath(workspace: Workspace, file: string): vscode.Uri {
  const roots = workspace.roots;
  if (roots.length === 1) return vscode.Uri.joinPath(vscode.Uri.file(roots[0].fsPath), file);
  const slash = file.indexOf('/');
  const rootName = slash < 0 ? file : file.slice(0, slash);
  const root = roots.find((r) => r.name === rootName);
  if (!root) throw new Error(`${file} does not start with a workspace folder name (${roots.map((r) => r.name).join(', ')}).`);
  return vscode.Uri.joinPath(vscode.Uri.file(root.fsPath), slash < 0 ? '' : file.slice(slash + 1));
}

/** Opens a file at a 1-based line and column, selecting that position. */
export async function openWorkspaceLocation(workspace: Workspace, file: string, line: number, column = 1): Promise<void> {
  const uri = uriForWorkspacePath(workspace, file);
  const position = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preview: true });
}
