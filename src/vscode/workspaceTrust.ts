import * as vscode from 'vscode';

/** What every reading feature says in Restricted Mode. */
export const untrustedFolderMessage =
  'This folder is not trusted (Restricted Mode): RLM Explorer reads none of its files until you trust it.';

/** True when the folder is trusted; otherwise tells the user why nothing happens and how to change it. */
export function ensureTrusted(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(`RLM: ${untrustedFolderMessage}`, 'Manage Workspace Trust').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}
