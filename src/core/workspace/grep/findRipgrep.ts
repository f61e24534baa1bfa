import { constants } from 'node:fs';
import { access, realpath } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { climbsOut } from '../files/climbsOut';

/**
 * The first `rg` executable on PATH, or undefined; the CLI uses it, VS Code passes the one it ships.
 *
 * Only absolute PATH folders outside the workspace count: a relative entry (".", "node_modules/.bin") resolves
 * against the current folder, usually the repository being explored, and an `rg` a repository ships (or links
 * to) would then run as the user. Explored code is read, never run.
 */
export async function findRipgrepOnPath(
  pathVariable = process.env['PATH'] ?? '',
  workspaceRoots: readonly string[] = [],
): Promise<string | undefined> {
  const names = process.platform === 'win32' ? ['rg.exe'] : ['rg'];
  const roots = await Promise.all(workspaceRoots.map((root) => realpath(root).catch(() => nodePath.resolve(root))));
  for (const folder of pathVariable.split(nodePath.delimiter)) {
    if (folder === '' || !nodePath.isAbsolute(folder)) continue;
    for (const name of names) {
      const candidate = nodePath.join(folder, name);
      try {
        await access(candidate, constants.X_OK);
        // Where it really is: a symlink in a PATH folder may lead into the workspace.
        const real = await realpath(candidate);
        if (roots.some((root) => !climbsOut(nodePath.relative(root, real)))) continue;
        return candidate;
      } catch {
        // not here: try the next folder
      }
    }
  }
  return undefined;
}
