import { existsSync, statSync } from 'node:fs';
import * as nodePath from 'node:path';
import { parseArgs } from 'node:util';
import type { CliIo } from './cliIo';
import { UsageError } from './usageError';
import { NodeWorkspace } from '../core/workspace/nodeWorkspace';

type OptionSpec = { type: 'string' | 'boolean'; short?: string; multiple?: boolean };

/** Options every workspace command takes. */
export const workspaceOptions = {
  repo: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Record<string, OptionSpec>;

export const workspaceOptionsUsage = [
  '  --repo DIR        folder to work in (default: the current folder); repeat for a multi-root workspace',
  '  --json            print the result as JSON',
  '  -h, --help        show this help',
];

/** `util.parseArgs` with its errors turned into usage errors that name the command. */
export function parseCommandArgs<Options extends Record<string, OptionSpec>>(
  command: string,
  args: readonly string[],
  options: Options,
): { values: Partial<Record<keyof Options, string | boolean | string[]>>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    return {
      values: parsed.values as Partial<Record<keyof Options, string | boolean | string[]>>,
      positionals: parsed.positionals,
    };
  } catch (error) {
    const message =
      error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '') : String(error);
    throw new UsageError(`${message.replace(/\.$/, '')}. See rlm help ${command}.`);
  }
}

/** A whole number from a flag, at least `min`. */
export function parseCount(command: string, flag: string, value: unknown, min: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || number < min) {
    throw new UsageError(
      `--${flag} wants a whole number of at least ${min}, got "${String(value)}". See rlm help ${command}.`,
    );
  }
  return number;
}

/** The workspace of `--repo` (default: the current folder), with ripgrep from PATH unless told otherwise. */
export function openWorkspace(
  command: string,
  repo: unknown,
  io: CliIo,
  ripgrep: string | 'auto' | false = 'auto',
): NodeWorkspace {
  const folders = Array.isArray(repo) && repo.length > 0 ? (repo as string[]) : [io.cwd];
  const roots = folders.map((folder) => nodePath.resolve(io.cwd, folder));
  for (const root of roots) {
    if (!existsSync(root) || !statSync(root).isDirectory()) {
      throw new UsageError(`--repo ${root}: no such folder. Give an existing folder. See rlm help ${command}.`);
    }
  }
  return new NodeWorkspace({ roots, ripgrep });
}
