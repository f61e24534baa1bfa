import * as vscode from 'vscode';
import { userValue } from '../settingLevels';

/**
 * `rlm.model.contextWindow` in tokens; undefined when 0 or unset, so the endpoint's metadata and the table decide.
 * The user's value only (the setting is application-scoped, like the model it describes): a folder's settings could
 * otherwise size every prompt to a window the model does not have, and bill for it.
 */
export function readContextWindowSetting(): number | undefined {
  const value = userValue(vscode.workspace.getConfiguration('rlm.model').inspect<unknown>('contextWindow'));
  return typeof value === 'number' && Number.isInteger(value) && value >= 256 ? value : undefined;
}
