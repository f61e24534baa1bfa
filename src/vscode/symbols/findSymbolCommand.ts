import * as vscode from 'vscode';
import { symbolQuickPickItems } from './symbolQuickPickItems';
import { IndexCancelledError } from '../../core/symbols/index';
import type { SymbolInfo } from '../../core/symbols/index';
import type { Workspace } from '../../core/workspace/workspace';
import { openWorkspaceLocation } from '../openLocation';
import type { VscodeSymbolService } from './vscodeSymbolService';

const maxMatches = 200;

/**
 * "RLM: Find Symbol": a name in (or `query` from a keybinding's args), the index's exact and fuzzy
 * matches in a quick pick as `Qualified.name  kind  file:line`, the pick opened at the name.
 */
export async function findSymbolCommand(
  symbols: VscodeSymbolService,
  workspace: Workspace,
  query?: unknown,
): Promise<void> {
  const name =
    typeof query === 'string' && query.trim()
      ? query.trim()
      : (
          await vscode.window.showInputBox({
            title: 'RLM: Find Symbol',
            prompt: 'A name or Qualified.name; camel-case humps match too (gSN finds getSymbolName)',
            placeHolder: 'e.g. Circle.area',
          })
        )?.trim();
  if (!name) return;
  let matches: SymbolInfo[];
  try {
    matches = await symbols.findSymbol(name, { limit: maxMatches });
  } catch (error) {
    if (error instanceof IndexCancelledError) return;
    throw error;
  }
  if (matches.length === 0) {
    void vscode.window.showInformationMessage(`RLM: no symbol matches "${name}".`);
    return;
  }
  const items = symbolQuickPickItems(matches);
  const picked = await vscode.window.showQuickPick(items, {
    title: `RLM: ${matches.length}${matches.length === maxMatches ? '+' : ''} symbols matching "${name}"`,
    placeHolder: 'Pick a symbol to open it',
    matchOnDescription: true,
  });
  if (picked) await openWorkspaceLocation(workspace, picked.symbol.file, picked.symbol.line, picked.symbol.column + 1);
}
