import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import * as nodePath from 'node:path';

/** The first `rg` executable on PATH, or undefined; the CLI uses it, VS Code passes the one it ships. */
export async function findRipgrepOnPath(pathVariable = process.env['PATH'] ?? ''): Promise<string | undefined> {
  const names = process.platform === 'win32' ? ['rg.exe'] : ['rg'];
  for (const folder of pathVariable.split(nodePath.delimiter)) {
    if (folder === '') continue;
    for (const name of names) {
      const candidate = nodePath.join(folder, name);
      try {
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here: try the next folder
      }
    }
  }
  return undefined;
}
