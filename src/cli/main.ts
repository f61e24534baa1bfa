// The `rlm` command: composition root of the CLI (bundled to dist/cli.js).
import { createProcessIo } from './cliIo';
import { commands } from './commands/index';
import { runCli } from './runCli';

// `rlm grep x | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

runCli(process.argv.slice(2), createProcessIo(), commands).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`rlm: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
