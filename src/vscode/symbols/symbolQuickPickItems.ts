import type * as vscode from 'vscode';
import type { SymbolInfo } from '../../core/symbols/index';

export interface SymbolQuickPickItem extends vscode.QuickPickItem {
  symbol: SymbolInfo;
}

/** One quick-pick row per definition: qualified name, kind and `file:line`, the signature below (Find Symbol, Trace). */
export function symbolQuickPickItems(matches: readonly SymbolInfo[]): SymbolQuickPickItem[] {
  return matches.map((symbol) => ({
    label: symbol.qualifiedName,
    description: `${symbol.kind}  ${symbol.file}:${symbol.line}`,
    detail: symbol.signature,
    symbol,
  }));
}
