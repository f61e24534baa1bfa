import type { CliCommand } from './cliCommand';
import { location, openRepoIndex, symbolIndexUsage } from './symbolsCliSupport';
import { parseCommandArgs, parseCount, workspaceOptions, workspaceOptionsUsage } from '../commandArgs';
import { UsageError } from '../usageError';
import { definitionKinds, type DefinitionKind } from '../../core/symbols/index';

const kinds: readonly DefinitionKind[] = definitionKinds;

export const findCommand: CliCommand = {
  name: 'find',
  summary: 'Find definitions by name, Qualified.name or camel-case initials',
  usage: [
    'Usage: rlm find NAME [--kind KIND] [--max N] [--repo DIR] [--json]',
    '',
    'Exact matches come first, then camel-case ("gSN" finds getSymbolName), prefix and substring matches.',
    'NAME may be qualified: "Class.method".',
    ...symbolIndexUsage,
    '',
    'Options:',
    `  --kind KIND       only this kind: ${kinds.join(', ')}`,
    '  --max N           at most N results (default 50)',
    ...workspaceOptionsUsage,
  ].join('\n'),

  async run(args, io) {
    const { values, positionals } = parseCommandArgs('find', args, {
      ...workspaceOptions,
      kind: { type: 'string' },
      max: { type: 'string' },
    });
    if (positionals.length !== 1)
      throw new UsageError(`find wants one NAME, got ${positionals.length}. See rlm help find.`);
    const kind = values.kind as DefinitionKind | undefined;
    if (kind !== undefined && !kinds.includes(kind))
      throw new UsageError(`--kind ${String(kind)} is not one of ${kinds.join(', ')}.`);
    const limit = parseCount('find', 'max', values.max, 1) ?? 50;
    const { index } = await openRepoIndex('find', values.repo, io);
    const found = index.findSymbol(positionals[0], { limit, ...(kind ? { kind } : {}) });
    if (values.json === true) {
      io.stdout(`${JSON.stringify(found, null, 2)}\n`);
      return found.length ? 0 : 1;
    }
    if (!found.length) {
      io.stderr(
        `No symbol matches "${positionals[0]}". Try a shorter name or camel-case initials (e.g. "gSN" for getSymbolName).\n`,
      );
      return 1;
    }
    for (const symbol of found)
      io.stdout(`${location(symbol)}  ${symbol.kind} ${symbol.qualifiedName}  ${symbol.signature}\n`);
    return 0;
  },
};
