import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** The repository's cache folder is a symlink (or a file): writing through it would write outside the repository. */
export class CacheFolderRedirectedError extends Error {
  constructor(readonly folder: string) {
    super(
      `${folder} is a symbolic link or a file, so rlm will not write its run log through it (a repository could point it anywhere on this machine). Remove it, and rlm creates a plain folder there.`,
    );
    this.name = 'CacheFolderRedirectedError';
  }
}

/**
 * A fresh run log path under `<cacheDir>/runs/`. The cache folder gets a `.gitignore` of `*`, so run logs and the
 * symbol index stay out of git, and out of the workspace listings the model sees, whatever the repo's own rules.
 * The folders are the repository's: each one on the way from `root` must be a real folder, never a symlink it ships.
 */
export function newRunLogPath(
  cacheDir: string,
  now: Date = new Date(),
  root: string = dirname(dirname(cacheDir)),
): string {
  const runs = join(cacheDir, 'runs');
  assertPlainFolders(root, runs);
  mkdirSync(runs, { recursive: true });
  try {
    // 'wx' creates the file or fails: a symlink planted under that name, even a dangling one, is never followed.
    writeFileSync(
      join(cacheDir, '.gitignore'),
      '# Written by rlm: run logs and the symbol index, never committed.\n*\n',
      {
        flag: 'wx',
      },
    );
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
  }
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return join(runs, `${stamp}-${randomBytes(3).toString('hex')}.jsonl`);
}

/** Every existing folder from `root` down to `folder` is a real folder; the missing rest mkdir creates as such. */
function assertPlainFolders(root: string, folder: string): void {
  let at = root;
  for (const part of relative(root, folder).split(sep)) {
    if (part === '' || part === '.') continue;
    at = join(at, part);
    let isPlainFolder: boolean;
    try {
      const info = lstatSync(at);
      isPlainFolder = info.isDirectory() && !info.isSymbolicLink();
    } catch {
      return;
    }
    if (!isPlainFolder) throw new CacheFolderRedirectedError(at);
  }
}
