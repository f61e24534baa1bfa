import { WorkspaceError } from './workspaceError';

/** A FIFO, socket or device: reading one can block forever or never end, so only regular files are read. */
export class NotRegularFileError extends WorkspaceError {
  readonly code = 'not-regular-file';

  constructor(
    readonly path: string,
    readonly kind: string,
  ) {
    super(`${path}: is a ${kind}, not a regular file, so it is not read. Read a regular file instead.`);
  }
}
