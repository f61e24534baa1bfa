import type { CliCommand } from './cliCommand';
import type { GrepMatch, GrepResult } from '../../core/workspace/workspace';
import { openWorkspace, parseCommandArgs, parseCount, workspaceOptions, workspaceOptionsUsage } from '../commandArgs';
import { UsageError } from '../usageError';

const engines = ['auto', 'ripgrep', 'js'] as const;

export const grepCommand: CliCommand = {
  name: 'grep',
  summary: 'Search file contents with a regular expression (ripgrep when available, else JavaScript)',
  usage: [
    'Usage: rlm grep PATTERN [--glob G] [--case-sensitive] [--max N] [--context N] [--repo DIR] [--json]',
    '',
    'Prints "path:line:column: text" for the first match on each matching line, in tree order. PATTERN is',
    'an RE2 regular expression (no lookaround or backreferences), case-insensitive unless --case-sensitive.',
    'Binary files and files over 1 MB are skipped.',
    '',
    'Options:',
    '  --glob G                only files matching G (as in rlm files)',
    '  -s, --case-sensitive    match case',
    '  --max N                 stop after N matching lines (default 200)',
    '  -C, --context N         show N lines before and after each match (at most 10)',
    '  --engine E              auto (default: ripgrep on PATH, else JavaScript), ripgrep, or js',
    ...workspaceOptionsUsage,
    '',
    'Exit code 0 whether or not something matched; 1 when the search failed; 2 for a bad command line.',
    '',
    'Examples:',
    '  rlm grep "class \\w+Widget" --glob "*.ts"',
    '  rlm grep TODO -C 2 --json',
  ].join('\n'),

  async run(args, io) {
    const { values, positionals } = parseCommandArgs('grep', args, {
      ...workspaceOptions,
      glob: { type: 'string' },
      'case-sensitive': { type: 'boolean', short: 's' },
      max: { type: 'string' },
      context: { type: 'string', short: 'C' },
      engine: { type: 'string' },
    });
    if (positionals.length !== 1) {
      throw new UsageError(
        positionals.length === 0
          ? 'missing PATTERN. Usage: rlm grep PATTERN [options]; see rlm help grep.'
          : `expected one PATTERN, got ${positionals.length}: quote a pattern that has spaces.`,
      );
    }
    const engine = (values.engine ?? 'auto') as string;
    if (!(engines as readonly string[]).includes(engine))
      throw new UsageError(`--engine wants auto, ripgrep or js, got "${engine}".`);
    const ripgrep = engine === 'js' ? false : 'auto';
    const workspace = openWorkspace('grep', values.repo, io, ripgrep);
    const result = await workspace.grep(positionals[0] as string, {
      glob: values.glob as string | undefined,
      caseSensitive: values['case-sensitive'] === true,
      maxResults: parseCount('grep', 'max', values.max, 1),
      contextLines: parseCount('grep', 'context', values.context, 0),
    });
    if (engine === 'ripgrep' && result.engine !== 'ripgrep') {
      io.stderr(
        'rlm grep: ripgrep was asked for but is not on PATH (or refused the pattern); searched with the JavaScript engine.\n',
      );
    }
    if (values.json === true) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else {
      const text = formatMatches(result.matches);
      if (text !== '') io.stdout(text);
      io.stderr(summarize(result));
    }
    return 0;
  },
};

/** grep's layout: "path:line:col: text" for matches, "path-line- text" for context, "--" between groups. */
export function formatMatches(matches: readonly GrepMatch[]): string {
  const out: string[] = [];
  let lastFile: string | undefined;
  let lastLine = 0;
  for (const match of matches) {
    const firstBefore = match.line - match.before.length;
    if (
      out.length > 0 &&
      (match.before.length > 0 || match.after.length > 0) &&
      (match.file !== lastFile || firstBefore > lastLine + 1)
    )
      out.push('--');
    match.before.forEach((text, index) => {
      const line = firstBefore + index;
      if (match.file !== lastFile || line > lastLine) out.push(`${match.file}-${line}- ${text}`);
    });
    out.push(`${match.file}:${match.line}:${match.column}: ${match.text}`);
    match.after.forEach((text, index) => out.push(`${match.file}-${match.line + 1 + index}- ${text}`));
    lastFile = match.file;
    lastLine = match.line + match.after.length;
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

function summarize(result: GrepResult): string {
  const files = new Set(result.matches.map((match) => match.file)).size;
  const lines = [
    `${result.matches.length} matching line${result.matches.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (${result.engine}).`,
  ];
  if (result.truncated) lines.push('Stopped at the --max cap: narrow the pattern or --glob, or raise --max.');
  if (result.skipped.length > 0) {
    const shown = result.skipped.slice(0, 5).map((file) => `${file.file} (${file.reason})`);
    const more = result.skipped.length > 5 ? ` and ${result.skipped.length - 5} more` : '';
    lines.push(`Not searched: ${shown.join(', ')}${more}.`);
  }
  return `${lines.join('\n')}\n`;
}
