import * as nodePath from 'node:path';
import { climbsOut } from './climbsOut';
import { FileNotFoundError } from '../errors/fileNotFoundError';
import { PathOutsideWorkspaceError } from '../errors/pathOutsideWorkspaceError';

/** The longest path most file systems allow. */
const maxPathChars = 4_096;
import type { WorkspaceRoot } from '../workspace';

export interface ResolvedWorkspacePath {
  root: WorkspaceRoot;
  rootIndex: number;
  /** Relative to the root, '/'-separated, no leading './'; '' for the root itself. */
  relativePath: string;
  /** Absolute file-system path (platform separators). */
  absolutePath: string;
  /** How the path is shown to the model: prefixed by the root name when there are several roots. */
  displayPath: string;
}

/**
 * Resolves a path given by the model or the user to a place inside a workspace root, lexically:
 * '..' that climbs out, absolute paths elsewhere, and unknown root names are refused. Symlinks are
 * checked separately against the real file system (`assertRealPathInside`).
 */
export function resolveWorkspacePath(roots: readonly WorkspaceRoot[], input: string): ResolvedWorkspacePath {
  // No file has a longer path, and the errors below quote the input: a 16 MB "path" gets a short refusal.
  if (input.length > maxPathChars)
    throw new FileNotFoundError(`${input.slice(0, 120)}… (a path of ${input.length} characters)`);
  // No file name holds a NUL character, and the file system would refuse it with a code, not a reason.
  if (input.includes('\0')) throw new FileNotFoundError(input.replace(/\0/g, '\\0'));
  if (roots.length === 0) throw new PathOutsideWorkspaceError(input, [], 'unknown-root');
  const rootNames = roots.map((root) => root.name);
  const slashed = input.trim().replace(/\\/g, '/');
  if (isAbsolute(slashed)) return resolveAbsolute(roots, input);

  let segments = slashed.split('/').filter((segment) => segment !== '' && segment !== '.');
  let rootIndex = 0;
  if (roots.length > 1) {
    rootIndex = rootNames.indexOf(segments[0] ?? '');
    if (rootIndex < 0) throw new PathOutsideWorkspaceError(input, rootNames, 'unknown-root');
    segments = segments.slice(1);
  }
  const normalized: string[] = [];
  for (const segment of segments) {
    if (segment !== '..') normalized.push(segment);
    else if (normalized.pop() === undefined) throw new PathOutsideWorkspaceError(input, rootNames, 'parent-segments');
  }
  return build(roots, rootIndex, normalized.join('/'));
}

/** The path shown to the model for a file of root `rootIndex`. */
export function toDisplayPath(roots: readonly WorkspaceRoot[], rootIndex: number, relativePath: string): string {
  if (roots.length <= 1) return relativePath === '' ? '.' : relativePath;
  const name = roots[rootIndex]?.name ?? '';
  return relativePath === '' ? name : `${name}/${relativePath}`;
}

function resolveAbsolute(roots: readonly WorkspaceRoot[], input: string): ResolvedWorkspacePath {
  const absolute = nodePath.resolve(input);
  let best: { index: number; relative: string } | undefined;
  roots.forEach((root, index) => {
    const relative = nodePath.relative(nodePath.resolve(root.fsPath), absolute);
    const inside = relative === '' || !climbsOut(relative);
    // Nested roots: the deepest root that contains the path wins.
    if (inside && (best === undefined || relative.length < best.relative.length)) best = { index, relative };
  });
  if (best === undefined) {
    throw new PathOutsideWorkspaceError(
      input,
      roots.map((root) => root.name),
      'absolute',
    );
  }
  return build(roots, best.index, best.relative.split(nodePath.sep).join('/'));
}

function build(roots: readonly WorkspaceRoot[], rootIndex: number, relativePath: string): ResolvedWorkspacePath {
  const root = roots[rootIndex] as WorkspaceRoot;
  const absolutePath =
    relativePath === '' ? nodePath.resolve(root.fsPath) : nodePath.join(nodePath.resolve(root.fsPath), relativePath);
  return { root, rootIndex, relativePath, absolutePath, displayPath: toDisplayPath(roots, rootIndex, relativePath) };
}

function isAbsolute(slashed: string): boolean {
  return slashed.startsWith('/') || /^[A-Za-z]:\//.test(slashed);
}
