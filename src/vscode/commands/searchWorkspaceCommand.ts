import * as vscode from 'vscode';
import { compileSearchPattern } from '../../core/workspace/index';
import type { GrepMatch, Workspace } from '../../core/workspace/workspace';
import { openWorkspaceLocation } from '../openLocation';

interface MatchItem extends vscode.QuickPickItem {
  match: GrepMatch;
}

const maxMatches = 1000;

/**
 * "RLM: Search Workspace": a regular expression in, the matches in a quick pick that shows a busy bar while
 * the search runs (closing it stops the search), the pick opened at its line.
 */
export async function searchWorkspaceCommand(workspace: Workspace): Promise<void> {
  const pattern = await vscode.window.showInputBox({
    title: 'RLM: Search Workspace',
    prompt:
      'A regular expression, searched case-insensitively across the workspace (.gitignore, excludes and secret files are skipped)',
    placeHolder: 'e.g. function\\s+activate',
    validateInput: (value) => {
      try {
        // The same compilation the search does, so the box and the search agree on what is valid.
        compileSearchPattern(value);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
  if (!pattern) return;

  const quickPick = vscode.window.createQuickPick<MatchItem>();
  const controller = new AbortController();
  quickPick.title = `RLM: searching for /${pattern}/`;
  quickPick.placeholder = 'Searching…';
  quickPick.matchOnDescription = true;
  quickPick.busy = true;
  const picked = new Promise<MatchItem | undefined>((resolve) => {
    quickPick.onDidAccept(() => {
      resolve(quickPick.selectedItems[0]);
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      controller.abort();
      resolve(undefined);
      quickPick.dispose();
    });
  });
  quickPick.show();

  try {
    const result = await workspace.grep(pattern, { maxResults: maxMatches, signal: controller.signal });
    const count = `${result.matches.length}${result.truncated ? '+' : ''}`;
    quickPick.items = result.matches.map((match) => ({
      label: `${match.file}:${match.line}`,
      description: match.text.trim(),
      match,
    }));
    quickPick.title = `RLM: ${count} ${result.matches.length === 1 ? 'match' : 'matches'} for /${pattern}/`;
    quickPick.placeholder =
      result.matches.length > 0 ? 'Pick a match to open it' : 'No matches: press Escape and try another pattern';
  } catch (error) {
    if (controller.signal.aborted) return;
    quickPick.hide();
    throw error;
  } finally {
    quickPick.busy = false;
  }
  const choice = await picked;
  if (choice) await openWorkspaceLocation(workspace, choice.match.file, choice.match.line, choice.match.column);
}
