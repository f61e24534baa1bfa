import * as vscode from 'vscode';

/** `rlm.model.contextWindow` in tokens; undefined when 0 or unset, so the endpoint's metadata and the table decide. */
export function readContextWindowSetting(): number | undefined {
  const value = vscode.workspace.getConfiguration('rlm.model').get<unknown>('contextWindow');
  return typeof value === 'number' && Number.isInteger(value) && value >= 256 ? value : undefined;
}
