import * as path from 'node:path';
import type { CliIo } from '../cliIo';
import { openWorkspace } from '../commandArgs';
import { IndexProgressMeter, SymbolIndex, indexableListing } from '../../core/symbols/index';
import { dependencyDot } from '../../core/symbols/traceSubgraph';
import type { IndexStats, SymbolRef, TraceGraph } from '../../core/symbols/index';

/** Usage lines shared by the symbol commands. */
export const symbolIndexUsage = [
  'The index is kept in <repo>/.cache/rlm/ (add it to .gitignore); later runs only re-parse changed files.',
];

export interface OpenedIndex {
  index: SymbolIndex;
  stats: IndexStats;
  ms: number;
}

/** The index of `--repo`, refreshed from `<repo>/.cache/rlm` (only changed files are parsed again). */
export async function openRepoIndex(
  command: string,
  repo: unknown,
  io: CliIo,
  options: { progress?: boolean; signal?: AbortSignal } = {},
): Promise<OpenedIndex> {
  const started = Date.now();
  const workspace = openWorkspace(command, repo, io, false);
  const { files, hidden } = await indexableListing(workspace, options.signal);
  // An index of nothing would answer every question with silence: say which ignore rule hides the tree.
  if (hidden) io.stderr(`warning: ${hidden.message}\n`);
  const root = workspace.roots[0].fsPath;
  const index = new SymbolIndex({ root, cacheDir: path.join(root, '.cache', 'rlm') });
  let lastReport = 0;
  const meter = new IndexProgressMeter();
  const stats = await index.build(files, {
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (event) => {
      if (!options.progress || event.done - lastReport < 200) return;
      lastReport = event.done;
      io.stderr(`indexed ${meter.text(event)}\n`);
    },
  });
  return { index, stats, ms: Date.now() - started };
}

/** `file:line` as editors and terminals link it. */
export function location(symbol: { file: string; line: number }): string {
  return `${symbol.file}:${symbol.line}`;
}

export function describeSymbol(symbol: SymbolRef): string {
  return `${symbol.kind} ${symbol.qualifiedName} ${location(symbol)}`;
}

/** A trace as Graphviz DOT: one node per definition (the traced ones bold), edges styled by confidence. */
export function traceToDot(graph: TraceGraph): string {
  const nodes = graph.nodes.map((node) => ({
    id: node.id,
    label: node.qualifiedName,
    file: node.file,
    line: node.line,
    root: graph.roots.includes(node.id),
  }));
  // Call sites are left out: the CLI's DOT has always been names and arrows only.
  return dependencyDot(
    nodes,
    graph.edges.map(({ from, to, confidence }) => ({ from, to, confidence })),
  );
}
