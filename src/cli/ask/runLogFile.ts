import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { assertPlainFolders } from '../../core/workspace/files/assertPlainFolders';

export { CacheFolderRedirectedError } from '../../core/workspace/files/assertPlainFolders';

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
