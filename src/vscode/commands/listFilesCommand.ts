import * as vscode from 'vscode';
import type { Workspace } from '../../core/workspace/workspace';
import { openWorkspaceLocation } from '../openLocation';

/** "RLM: List Files": the files the model can see (after ignores and secret filtering), pick one to open. */
export async function listFilesCommand(workspace: Workspace): Promise<void> {
  const glob = await vscode.window.showInputBox({
    title: 'RLM: List Files',
    prompt: 'A glob to filter by (empty for every file the model can see)',
    placeHolder: 'e.g. src/**/*.ts',
  });
  if (glob === undefined) return;
  const listing = await workspace.listFiles(glob.trim() || undefined);
  if (listing.hidden) void vscode.window.showWarningMessage(`RLM: ${listing.hidden.message}`);
  if (listing.skippedIgnoreRules) void vscode.window.showWarningMessage(`RLM: ${listing.skippedIgnoreRules.message}`);
  if (listing.total === 0) {
    if (listing.hidden) return;
    void vscode.window.showInformationMessage(`RLM: no files match ${glob || 'the workspace'}.`);
    return;
  }
  const items: vscode.QuickPickItem[] = listing.files.map((file) => ({ label: file }));
  if (listing.omitted > 0) {
    items.push({ label: `… and ${listing.omitted} more`, description: 'narrow the glob to see them' });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: `RLM: ${listing.total} files${glob ? ` matching ${glob}` : ''}`,
    placeHolder: 'Pick a file to open it',
  });
  if (picked && listing.files.includes(picked.label)) await openWorkspaceLocation(workspace, picked.label, 1);
}
