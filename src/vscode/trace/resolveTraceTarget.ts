import * as vscode from 'vscode';
import { symbolQuickPickItems } from '../symbols/symbolQuickPickItems';
import type { SymbolInfo } from '../../core/symbols/index';
import type { VscodeSymbolService } from '../symbols/vscodeSymbolService';
import { pickSymbolAt } from './pickSymbolAt';

const maxMatches = 200;

/**
 * The symbol to trace: `query` when given (a name or id), else the word at the cursor (the definition in this file
 * that contains the cursor wins), else a name typed in an input box. Several matches: a quick pick, as in Find Symbol.
 */
export async function resolveTraceTarget(
  symbols: VscodeSymbolService,
  title: string,
  query?: string,
): Promise<SymbolInfo | undefined> {
  if (query?.trim()) return choose(title, query.trim(), await lookup(symbols, query.trim()));
  const atCursor = await symbolAtCursor(symbols, title);
  if (atCursor !== 'none') return atCursor;
  const name = (
    await vscode.window.showInputBox({
      title,
      prompt: 'A name or Qualified.name to trace; camel-case humps match too (gSN finds getSymbolName)',
      placeHolder: 'e.g. Circle.area',
    })
  )?.trim();
  if (!name) return undefined;
  return choose(title, name, await lookup(symbols, name));
}

/** An id (`file#Qualified.name`) names one definition; anything else is matched like Find Symbol does. */
async function lookup(symbols: VscodeSymbolService, text: string): Promise<SymbolInfo[]> {
  const hash = text.indexOf('#');
  if (hash > 0) {
    const byId = (await symbols.outline(text.slice(0, hash)))?.find((s) => s.id === text);
    if (byId) return [byId];
  }
  return symbols.findSymbol(text, { limit: maxMatches });
}

/** The definition the word under the cursor names, or 'none' when the cursor is on no indexed name. */
async function symbolAtCursor(symbols: VscodeSymbolService, title: string): Promise<SymbolInfo | undefined | 'none'> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.scheme !== 'file') return 'none';
  const position = editor.selection.active;
  const range = editor.document.getWordRangeAtPosition(position);
  if (!range) return 'none';
  const word = editor.document.getText(range);
  const candidates = await symbols.findSymbol(word, { exact: true, limit: maxMatches });
  if (candidates.length === 0) return 'none';
  const several = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  const file = vscode.workspace.asRelativePath(editor.document.uri, several);
  const choice = pickSymbolAt(candidates, file, position.line + 1);
  if (choice.pick) return choice.pick;
  const byDefinition = await definitionAt(editor.document.uri, position, candidates, several);
  return byDefinition ?? pick(title, word, choice.ordered);
}

/** Asks the language server where the name at the cursor is defined, to choose among same-named definitions. */
async function definitionAt(
  uri: vscode.Uri,
  position: vscode.Position,
  candidates: readonly SymbolInfo[],
  several: boolean,
): Promise<SymbolInfo | undefined> {
  try {
    const answer = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
      'vscode.executeDefinitionProvider',
      uri,
      position,
    );
    for (const location of answer ?? []) {
      const target = 'targetUri' in location ? location.targetUri : location.uri;
      const line =
        ('targetSelectionRange' in location && location.targetSelectionRange
          ? location.targetSelectionRange
          : 'targetRange' in location
            ? location.targetRange
            : location.range
        ).start.line + 1;
      const file = vscode.workspace.asRelativePath(target, several);
      const hit = candidates.find((s) => s.file === file && s.startLine <= line && line <= s.endLine);
      if (hit) return hit;
    }
  } catch {
    // No language server for this file: the quick pick decides.
  }
  return undefined;
}

async function choose(title: string, name: string, matches: SymbolInfo[]): Promise<SymbolInfo | undefined> {
  if (matches.length === 0) {
    void vscode.window.showInformationMessage(`RLM: no symbol matches "${name}".`);
    return undefined;
  }
  // An id or the only exact name match needs no question.
  const exact = matches.filter((s) => s.id === name || s.qualifiedName === name || s.name === name);
  if (exact.length === 1) return exact[0];
  if (matches.length === 1) return matches[0];
  return pick(title, name, matches);
}

async function pick(title: string, name: string, matches: readonly SymbolInfo[]): Promise<SymbolInfo | undefined> {
  const items = symbolQuickPickItems(matches);
  const picked = await vscode.window.showQuickPick(items, {
    title: `${title}: ${matches.length}${matches.length === maxMatches ? '+' : ''} symbols matching "${name}"`,
    placeHolder: 'Pick the symbol to trace',
    matchOnDescription: true,
  });
  return picked?.symbol;
}
