import type { CliIo } from './cliIo';
import type { CliCommand } from './commands/cliCommand';
import { UsageError } from './usageError';
import { version } from '../../package.json';
import { InvalidRegexError } from '../core/workspace/errors/invalidRegexError';
import { isWorkspaceError } from '../core/workspace/errors/workspaceError';

/**
 * `rlm [--help | --version | help CMD | CMD ARGS...]`: dispatches to a command and turns what it throws into
 * one line on stderr and an exit code (2: bad command line, 1: the operation failed).
 */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr('rlm: missing command. Run rlm --help to see the commands.\n');
    return 2;
  }
  if (first === '--help' || first === '-h') {
    io.stdout(overview(commands));
    return 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout(`${version}\n`);
    return 0;
  }
  if (first === 'help') {
    if (rest[0] === undefined) {
      io.stdout(overview(commands));
      return 0;
    }
    const command = commands.find((candidate) => candidate.name === rest[0]);
    if (command === undefined) return unknownCommand(rest[0], io, commands);
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === first);
  if (command === undefined) return unknownCommand(first, io, commands);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof InvalidRegexError) {
      io.stderr(`rlm ${command.name}: ${error.message}\n`);
      return 2;
    }
    if (isWorkspaceError(error)) {
      io.stderr(`rlm ${command.name}: ${error.message}\n`);
      return 1;
    }
    io.stderr(`rlm ${command.name}: failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

function overview(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    `rlm ${version}: explore a codebase from the command line (RLM Explorer).`,
    '',
    'Usage: rlm COMMAND [ARGS] [--repo DIR] [--json]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Run rlm help COMMAND for its options. rlm --version prints the version.',
    '',
  ].join('\n');
}

function unknownCommand(name: string, io: CliIo, commands: readonly CliCommand[]): number {
  io.stderr(
    `rlm: unknown command "${name}". The commands are: ${commands.map((command) => command.name).join(', ')}. Run rlm --help.\n`,
  );
  return 2;
}
