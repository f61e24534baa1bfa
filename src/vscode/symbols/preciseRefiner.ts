import * as vscode from 'vscode';
import type { ReferenceSite, SymbolInfo, SymbolRef } from '../../core/symbols/index';
import type { LanguageServerBudget } from './languageServerBudget';
import { definitionNamedAt, definitionVerdict, enclosingRef, refOf } from './languageServerLookup';
import type { DefinitionVerdict, SymbolLocator } from './languageServerLookup';
import { emptyPreciseSummary, type CheckedSite, type PreciseSummary } from './preciseTypes';

/**
 * Precise mode, per call site:
 * - go-to-definition at the site names the index's target: the site is confirmed and becomes `exact`;
 * - it names another definition (or one outside the workspace): the site is dropped, since the language
 *   server knows the receiver's type where the name-only resolver guessed;
 * - no answer (no language server, still loading, a limit reached): the site keeps its index confidence.
 * The call hierarchy adds the calls the index missed (each checked with go-to-definition when it answers).
 */
export interface RefinedSites {
  sites: CheckedSite[];
  summary: PreciseSummary;
}

/** Checks the sites that call `target` and adds the callers only the language server knows. */
export async function refineIncoming(
  locator: SymbolLocator,
  budget: LanguageServerBudget,
  target: SymbolInfo,
  sites: readonly ReferenceSite[],
): Promise<RefinedSites> {
  const found: ReferenceSite[] = [];
  const item = await hierarchyItem(locator, budget, target);
  const calls = item
    ? await budget.ask<vscode.CallHierarchyIncomingCall[]>('vscode.provideIncomingCalls', item)
    : undefined;
  for (const call of calls ?? []) {
    const file = locator.fileOf(call.from.uri);
    if (file === undefined) continue;
    for (const range of call.fromRanges) {
      if (sites.some((s) => s.file === file && atRange(s, range))) continue;
      const from = enclosingRef(locator, file, range.start.line + 1);
      if (from) found.push(siteAt(file, range, from, refOf(target)));
    }
  }
  return check(locator, budget, sites, found);
}

/** Checks the calls made inside `source` and adds the callees only the language server knows. */
export async function refineOutgoing(
  locator: SymbolLocator,
  budget: LanguageServerBudget,
  source: SymbolInfo,
  sites: readonly ReferenceSite[],
): Promise<RefinedSites> {
  const found: ReferenceSite[] = [];
  const item = await hierarchyItem(locator, budget, source);
  const calls = item
    ? await budget.ask<vscode.CallHierarchyOutgoingCall[]>('vscode.provideOutgoingCalls', item)
    : undefined;
  for (const call of calls ?? []) {
    const file = locator.fileOf(call.to.uri);
    const callee = file === undefined ? undefined : definitionNamedAt(locator, { file, range: call.to.selectionRange });
    // Callees outside the index (libraries, the standard library) are not graph nodes.
    if (!callee) continue;
    for (const range of call.fromRanges) {
      if (sites.some((s) => s.to.id === callee.id && atRange(s, range))) continue;
      found.push(siteAt(source.file, range, refOf(source), refOf(callee)));
    }
  }
  return check(locator, budget, sites, found);
}

/** Go-to-definition on each index site only (what a trace uses: no call hierarchy per node). */
export function checkSites(
  locator: SymbolLocator,
  budget: LanguageServerBudget,
  sites: readonly ReferenceSite[],
): Promise<RefinedSites> {
  return check(locator, budget, sites, []);
}

async function check(
  locator: SymbolLocator,
  budget: LanguageServerBudget,
  sites: readonly ReferenceSite[],
  found: readonly ReferenceSite[],
): Promise<RefinedSites> {
  const verdicts = await budget.map([...sites, ...found], (site) => definitionVerdict(locator, budget, site, site.to));
  const summary: PreciseSummary = emptyPreciseSummary();
  const out: CheckedSite[] = [];
  sites.forEach((site, i) => {
    const verdict = verdicts[i] as DefinitionVerdict;
    if (verdict === 'contradicted') summary.dropped++;
    else if (verdict === 'confirmed') {
      summary.confirmed++;
      out.push({ ...site, confidence: 'exact', checkedBy: 'definition' });
    } else {
      summary.unchecked++;
      out.push(site);
    }
  });
  found.forEach((site, i) => {
    const verdict = verdicts[sites.length + i] as DefinitionVerdict;
    if (verdict === 'contradicted') return;
    summary.added++;
    out.push({
      ...site,
      confidence: 'exact',
      checkedBy: verdict === 'confirmed' ? 'definition' : 'call-hierarchy',
      addedByLanguageServer: true,
    });
  });
  summary.requests = budget.requests;
  summary.languageServerAnswered = budget.answered;
  if (budget.stoppedBy) summary.stoppedBy = budget.stoppedBy;
  return { sites: out, summary };
}

/** The call-hierarchy item of an index definition, when the language server offers one at its name. */
async function hierarchyItem(
  locator: SymbolLocator,
  budget: LanguageServerBudget,
  symbol: SymbolInfo,
): Promise<vscode.CallHierarchyItem | undefined> {
  const uri = locator.uriOf(symbol.file);
  if (!uri) return undefined;
  const position = new vscode.Position(symbol.line - 1, symbol.column);
  const items = await budget.ask<vscode.CallHierarchyItem[]>('vscode.prepareCallHierarchy', uri, position);
  return items?.find((item) => item.selectionRange.contains(position));
}

function atRange(site: ReferenceSite, range: vscode.Range): boolean {
  return (
    site.line - 1 === range.start.line && range.start.character <= site.column && site.column <= range.end.character
  );
}

function siteAt(file: string, range: vscode.Range, from: SymbolRef, to: SymbolRef): ReferenceSite {
  return {
    file,
    line: range.start.line + 1,
    column: range.start.character,
    kind: to.kind === 'class' ? 'new' : 'call',
    confidence: 'exact',
    from,
    to,
  };
}
