import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import type { Confidence, ReferenceSite, SymbolEdge, SymbolInfo } from '../../core/symbols/index';
import type { SymbolLocator } from './languageServerLookup';
import { emptyPreciseSummary, type CallRow, type CheckedSite, type PreciseSummary } from './preciseTypes';
import type { RootSymbolIndex } from './rootSymbolIndex';

const rank: Record<Confidence, number> = { exact: 0, import: 1, name: 2 };

/**
 * The definitions a query means in one folder: an id (`file#Qualified.name`, root-relative) names one,
 * a name or qualified name every exact match, as in the core.
 */
export function targetsIn(root: RootSymbolIndex, symbol: string): SymbolInfo[] {
  const hash = symbol.indexOf('#');
  if (hash > 0) {
    const byId = root.index.outline(symbol.slice(0, hash))?.find((d) => d.id === symbol);
    if (byId) return [byId];
  }
  return root.index.findSymbol(symbol, { exact: true, limit: 20 });
}

/** Uses of a definition the index resolved; `calls` leaves out type references (what `callers` means). */
export function incomingSites(root: RootSymbolIndex, target: SymbolInfo, calls: boolean): ReferenceSite[] {
  return root.index.references(target.id).filter((s) => !calls || s.kind !== 'type');
}

/** Calls made inside a definition, each with its position (the core's `callees` groups them by line only). */
export function outgoingSites(root: RootSymbolIndex, source: SymbolInfo): ReferenceSite[] {
  const graph = root.index.trace(source.id, { direction: 'callees', depth: 1, maxNodes: Number.MAX_SAFE_INTEGER });
  const callees = new Set(graph.edges.filter((e) => e.from === source.id).map((e) => e.to));
  return [...callees].flatMap((to) =>
    root.index.references(to).filter((s) => s.from.id === source.id && s.kind !== 'type'),
  );
}

/** The index sites behind one trace edge (all of them, not only the line the edge shows). */
export function edgeSites(root: RootSymbolIndex, edge: SymbolEdge): ReferenceSite[] {
  return root.index
    .references(edge.to)
    .filter((s) => s.from.id === edge.from && (edge.kind === 'type') === (s.kind === 'type'));
}

/** One row per caller (`from`) or callee (`to`), its best confidence first among its sites. */
export function groupRows(sites: readonly CheckedSite[], end: 'from' | 'to'): CallRow[] {
  const rows = new Map<string, CallRow>();
  for (const site of sites) {
    const symbol = site[end];
    const row = rows.get(symbol.id);
    if (!row) rows.set(symbol.id, { symbol, confidence: site.confidence, lines: [site.line], sites: [site] });
    else {
      if (rank[site.confidence] < rank[row.confidence]) row.confidence = site.confidence;
      if (!row.lines.includes(site.line)) row.lines.push(site.line);
      row.sites.push(site);
    }
  }
  return [...rows.values()].sort((a, b) => a.symbol.file.localeCompare(b.symbol.file) || a.symbol.line - b.symbol.line);
}

/** Path and URI mapping of one folder for precise mode; answers about other folders count as outside. */
export function rootLocator(root: RootSymbolIndex): SymbolLocator {
  const base = root.root.fsPath;
  return {
    uriOf: (file) => vscode.Uri.file(nodePath.join(base, file)),
    fileOf: (uri) => {
      if (uri.scheme !== 'file') return undefined;
      const relative = nodePath.relative(base, uri.fsPath);
      return !relative || relative.startsWith('..') || nodePath.isAbsolute(relative)
        ? undefined
        : relative.split(nodePath.sep).join('/');
    },
    outline: (file) => root.index.outline(file),
  };
}

/** Adds up the summaries of a query that covered several definitions or folders (requests come from the shared budget). */
export function mergeSummaries(summaries: readonly PreciseSummary[]): PreciseSummary | undefined {
  if (summaries.length === 0) return undefined;
  const total: PreciseSummary = emptyPreciseSummary();
  for (const s of summaries) {
    total.confirmed += s.confirmed;
    total.dropped += s.dropped;
    total.added += s.added;
    total.unchecked += s.unchecked;
    total.requests = Math.max(total.requests, s.requests);
    total.languageServerAnswered ||= s.languageServerAnswered;
    if (s.stoppedBy) total.stoppedBy ??= s.stoppedBy;
  }
  return total;
}
