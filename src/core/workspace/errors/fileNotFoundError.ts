import { WorkspaceError } from './workspaceError';

export class FileNotFoundError extends WorkspaceError {
  readonly code = 'file-not-found';

  constructor(readonly path: string) {
    super(
      `${path}: no such file in the workspace. Check the spelling, or list candidates with listFiles("**/${baseName(path)}").`,
    );
  }
}

function baseName(path: string): string {
  const parts = path.split('/').filter((part) => part.length > 0);
  return parts[parts.length - 1] ?? path;
}
