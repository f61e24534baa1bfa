import { lstatSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

/**
 * A folder rlm keeps its own files in (run logs, the symbol index) is, inside the repository, a symlink or a file:
 * writing through it would write wherever the repository points it on this machine, and reading through it would
 * read what the repository planted.
 */
export class CacheFolderRedirectedError extends Error {
  constructor(readonly folder: string) {
    super(
      `${folder} is a symbolic link or a file, so rlm will not keep its run logs or symbol index there (a repository could point it anywhere on this machine). Remove it, and rlm creates a plain folder there.`,
    );
    this.name = 'CacheFolderRedirectedError';
  }
}

/**
 * Every existing folder from `root` down to `folder` is a real folder, never a symlink the repository ships; the
 * missing rest `mkdir` creates as such. A `folder` outside `root` (an editor's own storage) is not the
 * repository's and is not checked.
 */
export function assertPlainFolders(root: string, folder: string): void {
  const inside = relative(root, folder);
  if (inside.startsWith('..') || isAbsolute(inside)) return;
  let at = root;
  for (const part of inside.split(sep)) {
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
