/** Where a command writes and where it runs: the process in `main.ts`, captured buffers in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The folder `--repo` defaults to. */
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

export function createProcessIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
  };
}
