import { askCommand } from './askCommand';
import type { CliCommand } from './cliCommand';
import { evalCommand } from './evalCommand';
import { filesCommand } from './filesCommand';
import { findCommand } from './findCommand';
import { graphCommand } from './graphCommand';
import { grepCommand } from './grepCommand';
import { indexCommand } from './indexCommand';
import { mcpCommand } from './mcpCommand';
import { readCommand } from './readCommand';
import { replayCommand } from './replayCommand';
import { symbolsCommand } from './symbolsCommand';
import { traceCommand } from './traceCommand';

export type { CliCommand } from './cliCommand';

/** Every `rlm` subcommand, in the order `rlm --help` lists them. */
export const commands: readonly CliCommand[] = [
  filesCommand,
  grepCommand,
  readCommand,
  indexCommand,
  symbolsCommand,
  findCommand,
  traceCommand,
  graphCommand,
  askCommand,
  evalCommand,
  replayCommand,
  mcpCommand,
];
