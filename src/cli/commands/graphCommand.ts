import type { CliCommand } from './cliCommand';
import { openRepoIndex, symbolIndexUsage } from './symbolsCliSupport';
import { parseCommandArgs, workspaceOptions, workspaceOptionsUsage } from '../commandArgs';
import { UsageError } from '../usageError';

export const graphCommand: CliCommand = {
  name: 'graph',
  summary: 'Write every definition and resolved edge of the repo (--json), or count them',
  usage: [
    'Usage: rlm graph [--repo DIR] [--json]',
    '',
    'With --json prints {"definitions":[{"id","name","qualifiedName","kind","file","line","endLine"}],',
    '"edges":[{"from","to","kind":"call"|"import"|"type","confidence":"exact"|"import"|"name"}]}.',
    'Files are relative to the repo, lines 1-based; each file also appears as a definition of kind "file"',
    '(id = its path) for top-level calls and import edges. Without --json prints counts per edge kind.',
    ...symbolIndexUsage,
    '',
    'Options:',
    ...workspaceOptionsUsage,
  ].join('\n'),

  async run(args, io) {
    const { values, positionals } = parseCommandArgs('graph', args, workspaceOptions);
    if (positionals.length)
      throw new UsageError(`graph takes no arguments, got "${positionals[0]}". See rlm help graph.`);
    const { index } = await openRepoIndex('graph', values.repo, io);
    const graph = index.exportGraph();
    if (values.json === true) {
      io.stdout(`${JSON.stringify(graph)}\n`);
      return 0;
    }
    const counts = new Map<string, number>();
    for (const edge of graph.edges)
      counts.set(`${edge.kind}/${edge.confidence}`, (counts.get(`${edge.kind}/${edge.confidence}`) ?? 0) + 1);
    io.stdout(
      `${graph.definitions.length} definitions, ${graph.edges.length} edges (use --json for the graph itself)\n`,
    );
    for (const [key, count] of [...counts].sort()) io.stdout(`  ${key.padEnd(16)} ${count}\n`);
    return 0;
  },
};
