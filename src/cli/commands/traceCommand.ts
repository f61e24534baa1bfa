import type { CliCommand } from './cliCommand';
import { describeSymbol, openRepoIndex, symbolIndexUsage, traceToDot } from './symbolsCliSupport';
import { parseCommandArgs, parseCount, workspaceOptions, workspaceOptionsUsage } from '../commandArgs';
import { UsageError } from '../usageError';

const directions = ['callers', 'callees', 'both'] as const;

export const traceCommand: CliCommand = {
  name: 'trace',
  summary: "Follow a symbol's callers or callees to a depth; text, JSON or Graphviz DOT",
  usage: [
    'Usage: rlm trace NAME [--direction callers|callees|both] [--depth N] [--max-nodes N] [--repo DIR] [--json|--dot]',
    '',
    'NAME is a name, Class.method or a symbol id (file#Qualified.name); a name with several definitions traces',
    'them all. Each edge says how it was resolved: exact (same scope or this/self), import (through an import,',
    'the same package, or a declared type), name (only the name matched).',
    ...symbolIndexUsage,
    '',
    'Options:',
    '  --direction D     callers, callees (default) or both',
    '  --depth N         hops from NAME (default 2)',
    '  --max-nodes N     stop after N nodes (default 200)',
    '  --dot             print Graphviz DOT (render with: dot -Tsvg)',
    ...workspaceOptionsUsage,
    '',
    'Example:',
    '  rlm trace SymbolIndex.build --direction callees --depth 3 --dot > build.dot',
  ].join('\n'),

  async run(args, io) {
    const { values, positionals } = parseCommandArgs('trace', args, {
      ...workspaceOptions,
      direction: { type: 'string' },
      depth: { type: 'string' },
      'max-nodes': { type: 'string' },
      dot: { type: 'boolean' },
    });
    if (positionals.length !== 1)
      throw new UsageError(`trace wants one NAME, got ${positionals.length}. See rlm help trace.`);
    const direction = (values.direction ?? 'callees') as (typeof directions)[number];
    if (!directions.includes(direction))
      throw new UsageError(`--direction must be callers, callees or both, got "${String(values.direction)}".`);
    if (values.json === true && values.dot === true) throw new UsageError('choose one of --json and --dot.');
    const depth = parseCount('trace', 'depth', values.depth, 1) ?? 2;
    const maxNodes = parseCount('trace', 'max-nodes', values['max-nodes'], 1);
    const { index } = await openRepoIndex('trace', values.repo, io);
    const graph = index.trace(positionals[0], { direction, depth, ...(maxNodes ? { maxNodes } : {}) });
    if (!graph.roots.length) {
      io.stderr(
        `rlm trace: no definition named "${positionals[0]}". Find the exact name with rlm find ${positionals[0]}.\n`,
      );
      return 1;
    }
    if (values.json === true) {
      io.stdout(`${JSON.stringify(graph, null, 2)}\n`);
      return 0;
    }
    if (values.dot === true) {
      io.stdout(traceToDot(graph));
      return 0;
    }
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    for (const node of [...graph.nodes].sort((a, b) => a.depth - b.depth))
      io.stdout(`${'  '.repeat(node.depth)}${describeSymbol(node)}\n`);
    io.stdout(`\n${graph.edges.length} edges:\n`);
    for (const edge of graph.edges) {
      const from = byId.get(edge.from)?.qualifiedName ?? edge.from;
      const to = byId.get(edge.to)?.qualifiedName ?? edge.to;
      io.stdout(`  ${from} -> ${to}  [${edge.confidence}] ${edge.file}:${edge.line}\n`);
    }
    if (graph.truncated) io.stderr(`Stopped at ${graph.nodes.length} nodes; raise --max-nodes or lower --depth.\n`);
    return 0;
  },
};
