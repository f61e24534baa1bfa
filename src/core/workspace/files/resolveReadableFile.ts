import { assertRealPathInside } from './assertRealPathInside';
import type { PathFilter } from './pathFilter';
import { resolveWorkspacePath } from './resolveWorkspacePath';
import { SecretFileError } from '../errors/secretFileError';
import { VcsInternalsError } from '../errors/vcsInternalsError';
import type { WorkspaceRoot } from '../workspace';

/**
 * The checks every adapter makes before reading a file: the path stays inside a root (symlinks followed),
 * and neither the path asked for nor where it really leads is a secret file or inside a version-control
 * folder. Returns the real path to read.
 */
export async function resolveReadableFile(
  roots: readonly WorkspaceRoot[],
  filter: PathFilter,
  path: string,
): Promise<{ realPath: string; displayPath: string }> {
  const resolved = resolveWorkspacePath(roots, path);
  const displayPath = resolved.displayPath;
  refuseProtected(filter, resolved.relativePath, displayPath);
  const { realPath, realRelativePath } = await assertRealPathInside(
    resolved,
    roots.map((root) => root.name),
  );
  // A symlink inside the workspace may still point at a secret file.
  refuseProtected(filter, realRelativePath, displayPath);
  return { realPath, displayPath };
}

function refuseProtected(filter: PathFilter, relativePath: string, displayPath: string): void {
  const vcsFolder = filter.vcsFolderFor(relativePath);
  if (vcsFolder !== undefined) throw new VcsInternalsError(displayPath, vcsFolder);
  const glob = filter.secretGlobFor(relativePath);
  if (glob !== undefined) throw new SecretFileError(displayPath, { glob });
}
