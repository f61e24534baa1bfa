import type { ReferenceSite, SymbolEdge, TraceGraph } from '../../core/symbols/index';
import type { LanguageServerBudget } from './languageServerBudget';
import type { SymbolLocator } from './languageServerLookup';
import { checkSites } from './preciseRefiner';
import type { CheckedEdge, CheckedTrace } from './preciseTypes';

/**
 * Checks every edge of a trace with go-to-definition at its call sites: an edge with a confirmed site
 * becomes `exact`, an edge whose every site the language server contradicts is dropped (with the nodes
 * only it reached), an edge it did not answer for keeps its confidence. It adds no edges: a trace is the
 * index's graph; `callers`/`callees` in precise mode also ask the call hierarchy for missed calls.
 */
export async function refineTrace(
  locator: SymbolLocator,
  budget: LanguageServerBudget,
  graph: TraceGraph,
  sitesOf: (edge: SymbolEdge) => ReferenceSite[],
): Promise<CheckedTrace> {
  const perEdge = graph.edges.map((edge) => sitesOf(edge));
  const refined = await checkSites(locator, budget, perEdge.flat());
  const edges: CheckedEdge[] = [];
  graph.edges.forEach((edge, i) => {
    const checked = refined.sites.filter((s) => perEdge[i].some((original) => sameSite(original, s)));
    if (perEdge[i].length > 0 && checked.length === 0) return;
    const confirmed = checked.find((s) => s.checkedBy !== undefined);
    edges.push(
      confirmed
        ? { ...edge, confidence: 'exact', checkedBy: confirmed.checkedBy, file: confirmed.file, line: confirmed.line }
        : edge,
    );
  });
  const reachable = reachableFrom(graph.roots, edges);
  return {
    roots: graph.roots,
    nodes: graph.nodes.filter((node) => reachable.has(node.id)),
    edges,
    truncated: graph.truncated,
    precise: refined.summary,
  };
}

function sameSite(a: ReferenceSite, b: ReferenceSite): boolean {
  return (
    a.file === b.file && a.line === b.line && a.column === b.column && a.to.id === b.to.id && a.from.id === b.from.id
  );
}

/** Node ids connected to a root through the kept edges, in either direction (a trace can go both ways). */
function reachableFrom(roots: readonly string[], edges: readonly SymbolEdge[]): Set<string> {
  const neighbours = new Map<string, string[]>();
  for (const edge of edges) {
    neighbours.set(edge.from, [...(neighbours.get(edge.from) ?? []), edge.to]);
    neighbours.set(edge.to, [...(neighbours.get(edge.to) ?? []), edge.from]);
  }
  const seen = new Set(roots);
  const queue = [...roots];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const next of neighbours.get(id) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}
