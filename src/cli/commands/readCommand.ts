import type { CliCommand } from './cliCommand';
import { openWorkspace, parseCommandArgs, workspaceOptions, workspaceOptionsUsage } from '../commandArgs';
import { UsageError } from '../usageError';

export const readCommand: CliCommand = {
  name: 'read',
  summary: 'Print a file (or a range of lines) with line numbers',
  usage: [
    'Usage: rlm read PATH[:START-END] [--repo DIR] [--json]',
    '',
    'Prints the lines numbered. PATH is relative to the workspace; ":12-40" reads lines 12 to 40, ":12" or',
    '":12-" from line 12 on. One read shows at most 400 lines or 64 KB and then says how to read on.',
    'Secret-looking files (.env, *.pem, ...) and paths outside the workspace are refused.',
    '',
    'Options:',
    ...workspaceOptionsUsage,
    '',
    'Examples:',
    '  rlm read src/index.ts:1-60',
    '  rlm read README.md --json',
  ].join('\n'),

  async run(args, io) {
    const { values, positionals } = parseCommandArgs('read', args, workspaceOptions);
    if (positionals.length !== 1) {
      throw new UsageError(
        positionals.length === 0
          ? 'missing PATH. Usage: rlm read PATH[:START-END]; see rlm help read.'
          : `expected one PATH, got ${positionals.length}.`,
      );
    }
    const { path, startLine, endLine } = parseLocation(positionals[0] as string);
    const workspace = openWorkspace('read', values.repo, io);
    const read = await workspace.readFile(path, { startLine, endLine });
    if (values.json === true) {
      io.stdout(`${JSON.stringify(read, null, 2)}\n`);
      return 0;
    }
    if (read.text !== '') io.stdout(`${read.text}\n`);
    if (read.truncationNote !== undefined) io.stderr(`${read.truncationNote}\n`);
    return 0;
  },
};

/** "src/a.ts:12-40" → path and line range; a path without a ":N" suffix is read from the top. */
export function parseLocation(location: string): { path: string; startLine?: number; endLine?: number } {
  const match = /^(.*):(\d+)(?:-(\d*))?$/.exec(location);
  if (match === null) return { path: location };
  const startLine = Number(match[2]);
  const endLine = match[3] === undefined || match[3] === '' ? undefined : Number(match[3]);
  if (startLine < 1 || (endLine !== undefined && endLine < startLine)) {
    throw new UsageError(
      `"${location}": lines start at 1 and the range must not run backwards, e.g. ${match[1]}:1-40.`,
    );
  }
  return { path: match[1] as string, startLine, endLine };
}
