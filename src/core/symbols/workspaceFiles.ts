import type { HiddenFilesReport, Workspace } from '../workspace/workspace';
import { languageForPath } from './languages';

/** Files of a single-root workspace the index can parse, listed through the Workspace (so .gitignore and secret globs apply). */
export async function indexableFiles(workspace: Workspace, signal?: AbortSignal): Promise<string[]> {
  return (await indexableListing(workspace, signal)).files;
}

/** The indexable files, and which .gitignore rules hide most of the tree when they do. */
export async function indexableListing(
  workspace: Workspace,
  signal?: AbortSignal,
): Promise<{ files: string[]; hidden?: HiddenFilesReport }> {
  if (workspace.roots.length !== 1) {
    throw new Error(
      `The symbol index covers one folder; this workspace has ${workspace.roots.length}. Open one index per root.`,
    );
  }
  const listing = await workspace.listFiles(undefined, {
    maxResults: Number.MAX_SAFE_INTEGER,
    ...(signal ? { signal } : {}),
  });
  const files = listing.files.filter((file) => languageForPath(file) !== undefined);
  return listing.hidden ? { files, hidden: listing.hidden } : { files };
}
