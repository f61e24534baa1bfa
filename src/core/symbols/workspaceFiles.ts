import type { Workspace } from '../workspace/workspace';
import { languageForPath } from './languages';

/** Files of a single-root workspace the index can parse, listed through the Workspace (so .gitignore and secret globs apply). */
export async function indexableFiles(workspace: Workspace, signal?: AbortSignal): Promise<string[]> {
  if (workspace.roots.length !== 1) {
    throw new Error(`The symbol index covers one folder; this workspace has ${workspace.roots.length}. Open one index per root.`);
  }
  const listing = await workspace.listFiles(undefined, { maxResults: Number.MAX_SAFE_INTEGER, ...(signal ? { signal } : {}) });
  return listing.files.filter((file) => languageForPath(file) !== undefined);
}
