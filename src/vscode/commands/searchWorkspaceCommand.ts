import * as vscode from 'vscode';
import type { GrepMatch, Workspace } from '../../core/workspace/workspace';
import { openWorkspaceLocation } from '../openLocation';

interface MatchItem extends vscode.QuickPickItem {
  match: GrepMatch;
}

const maxMatches = 1000;

/** "RLM: Search Workspace": a regular expression in, the matches in a quick pick, the pick opened. */
export async function searchWorkspaceCommand(workspace: Workspace): Promise<void> {
  const pattern = await vscode.window.showInputBox({
    title: 'RLM: Search Workspace',
    prompt: 'A regular expression, searched case-insensitively across the workspace (.gitignore, excludes and secret files are skipped)',
    placeHolder: 'e.g. function\\s+activate',
    validateInput: (value) => {
      try {
        new RegExp(value);
        return undefined;
      } catch (error) {
        return `Not a valid regular expression: ${(error as Error).message}`;
      }
    },
  });
  if (!pattern) return;

  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `RLM: searching for /${pattern}/`, cancellable: true },
    async (_progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        return await workspace.grep(pattern, { maxResults: maxMatches, signal: controller.signal });
      } finally {
        subscription.dispose();
      }
    },
  );
  if (result.matches.length === 0) {
    void vscode.window.showInformationMessage(`RLM: no matches for /${pattern}/.`);
    return;
  }

  const items: MatchItem[] = result.matches.map((match) => ({
    label: `${match.file}:${match.line}`,
    description: match.text.trim(),
    match,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `RLM: ${result.matches.length}${result.truncated ? '+' : ''} matches for /${pattern}/`,
    placeHolder: 'Pick a match to open it',
    matchOnDescription: true,
  });
  if (picked) await openWorkspaceLocation(workspace, picked.match.file, picked.match.line, picked.match.column);
}
