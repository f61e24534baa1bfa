import { WorkspaceError } from './workspaceError';

/** Files with NUL bytes near the start are treated as binary and never shown as text. */
export class BinaryFileError extends WorkspaceError {
  readonly code = 'binary-file';

  constructor(readonly path: string) {
    super(`${path}: is a binary file (it contains NUL bytes), so it is not shown as text. Read a text file instead.`);
  }
}
