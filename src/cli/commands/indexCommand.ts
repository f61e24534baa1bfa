import type { CliCommand } from './cliCommand';
import { openRepoIndex, symbolIndexUsage } from './symbolsCliSupport';
import { parseCommandArgs, workspaceOptions, workspaceOptionsUsage } from '../commandArgs';
import { UsageError } from '../usageError';

export const indexCommand: CliCommand = {
  name: 'index',
  summary: 'Build or refresh the symbol index (tree-sitter, 12 languages) and say what it holds',
  usage: [
    'Usage: rlm index [--stats] [--repo DIR] [--json]',
    '',
    'Parses every supported file (TypeScript, TSX, JavaScript, Python, Go, Rust, Java, C, C++, C#, Ruby, PHP)',
    'on worker threads and records definitions, references and imports. Huge, minified and generated files',
    'are skipped with a reason.',
    ...symbolIndexUsage,
    '',
    'Options:',
    '  --stats           also list files per language, skipped files and why',
    ...workspaceOptionsUsage,
  ].join('\n'),

  async run(args, io) {
    const { values, positionals } = parseCommandArgs('index', args, {
      ...workspaceOptions,
      stats: { type: 'boolean' },
    });
    if (positionals.length)
      throw new UsageError(`index takes no arguments, got "${positionals[0]}". See rlm help index.`);
    const { stats, ms } = await openRepoIndex('index', values.repo, io, { progress: values.json !== true });
    for (const error of stats.grammarErrors) io.stderr(`warning: ${error}\n`);
    if (values.json === true) {
      io.stdout(
        `${JSON.stringify({ ms, ...stats, skipped: values.stats === true ? stats.skipped : stats.skipped.length }, null, 2)}\n`,
      );
      return 0;
    }
    const where = stats.threads ? `${stats.threads} worker thread${stats.threads === 1 ? '' : 's'}` : 'the main thread';
    io.stdout(
      `Indexed ${stats.indexed} files in ${ms} ms (${stats.extracted} parsed on ${where}, ${stats.reused} from cache): ` +
        `${stats.definitions} definitions, ${stats.references} references, ${stats.imports} imports; ${stats.skipped.length} skipped.\n`,
    );
    if (values.stats !== true) return 0;
    io.stdout('\nFiles per language:\n');
    for (const [language, count] of Object.entries(stats.languages).sort((a, b) => b[1] - a[1]))
      io.stdout(`  ${language.padEnd(12)} ${count}\n`);
    if (stats.filesWithSyntaxErrors)
      io.stdout(`\nFiles with syntax errors (indexed anyway): ${stats.filesWithSyntaxErrors}\n`);
    if (stats.skipped.length) {
      io.stdout('\nSkipped:\n');
      for (const skipped of stats.skipped)
        io.stdout(`  ${skipped.file}: ${skipped.reason}${skipped.detail ? ` (${skipped.detail})` : ''}\n`);
    }
    return 0;
  },
};
