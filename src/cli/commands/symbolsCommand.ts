import type { CliCommand } from './cliCommand';
import { openRepoIndex, symbolIndexUsage } from './symbolsCliSupport';
import { parseCommandArgs, workspaceOptions, workspaceOptionsUsage } from '../commandArgs';
import { UsageError } from '../usageError';

export const symbolsCommand: CliCommand = {
  name: 'symbols',
  summary: 'Outline one file: its definitions, nested, with line numbers and signatures',
  usage: [
    'Usage: rlm symbols FILE [--repo DIR] [--json]',
    '',
    'FILE is relative to the repo. Prints each definition with its line, kind and signature line,',
    'indented under its class or namespace; --json gives names, qualified names, ranges and doc comments.',
    ...symbolIndexUsage,
    '',
    'Options:',
    ...workspaceOptionsUsage,
    '',
    'Example:',
    '  rlm symbols src/core/symbols/symbolIndex.ts',
  ].join('\n'),

  async run(args, io) {
    const { values, positionals } = parseCommandArgs('symbols', args, workspaceOptions);
    if (positionals.length !== 1)
      throw new UsageError(`symbols wants one FILE, got ${positionals.length}. See rlm help symbols.`);
    const { index } = await openRepoIndex('symbols', values.repo, io);
    const file = positionals[0].replace(/\\/g, '/').replace(/^\.\//, '');
    const outline = index.outline(file);
    if (!outline) {
      io.stderr(
        `rlm symbols: ${file} is not in the symbol index. Give a path relative to the repo, of a supported language, not ignored or skipped (see rlm index --stats).\n`,
      );
      return 1;
    }
    if (values.json === true) {
      io.stdout(`${JSON.stringify(outline, null, 2)}\n`);
      return 0;
    }
    const depths = new Map<string, number>();
    for (const symbol of outline) {
      const depth =
        symbol.container !== undefined && depths.has(symbol.container) ? (depths.get(symbol.container) ?? 0) + 1 : 0;
      if (!depths.has(symbol.qualifiedName)) depths.set(symbol.qualifiedName, depth);
      io.stdout(
        `${String(symbol.line).padStart(5)}  ${'  '.repeat(depth)}${symbol.kind} ${symbol.name}  ${symbol.signature}\n`,
      );
    }
    return 0;
  },
};
