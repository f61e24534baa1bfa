import { WorkspaceError } from './workspaceError';

export class IsDirectoryError extends WorkspaceError {
  readonly code = 'is-directory';

  constructor(readonly path: string) {
    const folder = path.replace(/\/+$/, '');
    super(`${path}: is a folder, not a file. List its files with listFiles("${folder === '' ? '' : `${folder}/`}**").`);
  }
}
