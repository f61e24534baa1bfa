import type { CliIo } from '../cliIo';

/** One `rlm` subcommand; `commands/index.ts` lists them all. */
export interface CliCommand {
  name: string;
  /** One line for `rlm --help`. */
  summary: string;
  /** The full text of `rlm help NAME`: synopsis, arguments, options, examples. */
  usage: string;
  /** Returns the exit code; throws `UsageError` for a bad command line, other errors for failed operations. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}
