import { realpath } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { climbsOut } from './climbsOut';
import { FileNotFoundError } from '../errors/fileNotFoundError';
import { PathOutsideWorkspaceError } from '../errors/pathOutsideWorkspaceError';
import { toUnreadableFileError } from '../errors/unreadableFileError';
import type { ResolvedWorkspacePath } from './resolveWorkspacePath';

/**
 * Follows symlinks (of the file and of every folder on the way) and refuses the path when its real
 * location is outside the real location of its root. Returns where the path really leads.
 */
export async function assertRealPathInside(
  resolved: ResolvedWorkspacePath,
  rootNames: readonly string[],
): Promise<{ realPath: string; realRelativePath: string }> {
  let realTarget: string;
  try {
    realTarget = await realpath(resolved.absolutePath);
  } catch (error) {
    if (isMissing(error)) throw new FileNotFoundError(resolved.displayPath);
    // The system's message names the absolute path; the model sees the workspace path only.
    throw toUnreadableFileError(resolved.displayPath, error);
  }
  const realRoot = await realpath(resolved.root.fsPath).catch((error: unknown) => {
    throw toUnreadableFileError(resolved.displayPath, error);
  });
  const relative = nodePath.relative(realRoot, realTarget);
  if (climbsOut(relative)) {
    throw new PathOutsideWorkspaceError(resolved.displayPath, rootNames, 'symlink');
  }
  return { realPath: realTarget, realRelativePath: relative.split(nodePath.sep).join('/') };
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
