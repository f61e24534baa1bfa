import type { CliCommand } from './cliCommand';
import { openWorkspace, parseCommandArgs, parseCount, workspaceOptions, workspaceOptionsUsage } from '../commandArgs';
import { UsageError } from '../usageError';

export const filesCommand: CliCommand = {
  name: 'files',
  summary: 'List the files of the workspace (minus .gitignore, build output and secrets), optionally by glob',
  usage: [
    'Usage: rlm files [GLOB] [--max N] [--repo DIR] [--json]',
    '',
    'Lists workspace files in tree order. GLOB is minimatch syntax; without a "/" it matches file names at',
    'any depth ("*.ts"), a plain folder path lists that folder ("src/core").',
    '',
    'Options:',
    '  --max N           list at most N paths, then say how many more there are (default 2000)',
    ...workspaceOptionsUsage,
    '',
    'Examples:',
    '  rlm files "*.{ts,tsx}"',
    '  rlm files src/core --json',
  ].join('\n'),

  async run(args, io) {
    const { values, positionals } = parseCommandArgs('files', args, { ...workspaceOptions, max: { type: 'string' } });
    if (positionals.length > 1)
      throw new UsageError(
        `expected at most one GLOB, got ${positionals.length}. Quote globs so the shell does not expand them.`,
      );
    const workspace = openWorkspace('files', values.repo, io);
    const list = await workspace.listFiles(positionals[0], { maxResults: parseCount('files', 'max', values.max, 1) });
    if (values.json === true) {
      io.stdout(`${JSON.stringify(list, null, 2)}\n`);
      return 0;
    }
    if (list.files.length > 0) io.stdout(`${list.files.join('\n')}\n`);
    if (list.hidden) io.stderr(`${list.hidden.message}\n`);
    if (list.skippedIgnoreRules) io.stderr(`warning: ${list.skippedIgnoreRules.message}\n`);
    if (list.omitted > 0)
      io.stderr(`… and ${list.omitted} more (${list.total} in all): narrow the glob or raise --max.\n`);
    else if (list.total === 0 && !list.hidden)
      io.stderr(positionals[0] === undefined ? 'No files.\n' : `No files match ${positionals[0]}.\n`);
    return 0;
  },
};
