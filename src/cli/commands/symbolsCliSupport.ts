import * as path from 'node:path';
import type { CliIo } from '../cliIo';
import { openWorkspace } from '../commandArgs';
import { SymbolIndex, indexableFiles } from '../../core/symbols/index';
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
export async function openRepoIndex(command: string, repo: unknown, io: CliIo, options: { progress?: boolean; signal?: AbortSignal } = {}): Promise<OpenedIndex> {
  const started = Date.now();
  const workspace = openWorkspace(command, repo, io, false);
  const files = await indexableFiles(workspace, options.signal);
  const root = workspace.roots[0].fsPath;
  const index = new SymbolIndex({ root, cacheDir: path.join(root, '.cache', 'rlm') });
  let lastReport = 0;
  const stats = await index.build(files, {
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (event) => {
      if (!options.progress || event.done - lastReport < 200) return;
      lastReport = event.done;
      io.stderr(`indexed ${event.done}/${event.total} files\n`);
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

/** A trace as Graphviz DOT: one node per definition, edges styled by confidence. */
export function traceToDot(graph: TraceGraph): string {
  const quote = (s: string): string => JSON.stringify(s);
  const style = { exact: 'solid', import: 'dashed', name: 'dotted' } as const;
  const lines = ['digraph trace {', '  rankdir=LR;', '  node [shape=box, fontname="monospace"];'];
  for (const node of graph.nodes) {
    const root = graph.roots.includes(node.id) ? ', penwidth=2' : '';
    lines.push(`  ${quote(node.id)} [label=${quote(`${node.qualifiedName}\n${location(node)}`)}${root}];`);
  }
  for (const edge of graph.edges) {
    lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)} [style=${style[edge.confidence]}, label=${quote(edge.confidence)}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
