import { WorkspaceError } from './workspaceError';

/** A path that resolves (lexically or through a symlink) outside every workspace root. */
export class PathOutsideWorkspaceError extends WorkspaceError {
  readonly code = 'path-outside-workspace';

  constructor(
    readonly path: string,
    readonly rootNames: readonly string[],
    readonly reason: 'parent-segments' | 'absolute' | 'symlink' | 'unknown-root',
  ) {
    super(`${path}: ${describe(reason, rootNames)}`);
  }
}

function describe(reason: PathOutsideWorkspaceError['reason'], rootNames: readonly string[]): string {
  const roots = rootNames.join(', ');
  switch (reason) {
    case 'parent-segments':
      return 'the path climbs out of the workspace with "..". Use a path relative to the workspace root.';
    case 'absolute':
      return `the absolute path is outside the workspace (${roots}). Use a path relative to the workspace root.`;
    case 'symlink':
      return 'the path is a symbolic link that leads outside the workspace, so it is not read. Read the target inside the workspace instead.';
    case 'unknown-root':
      return `this workspace has several folders: start the path with one of their names (${roots}), e.g. "${rootNames[0] ?? 'folder'}/src/index.ts".`;
  }
}
