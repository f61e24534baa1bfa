import { WorkspaceError } from './workspaceError';

/** A file that matches a secret-file glob: its content must not reach a model. */
export class SecretFileError extends WorkspaceError {
  readonly code = 'secret-file';

  constructor(
    readonly path: string,
    readonly glob: string,
  ) {
    super(
      `${path}: refused, it looks like a secret file (matches "${glob}"). ` +
        'Its content is never read; if it holds no secret, remove the pattern from the secret-file globs.',
    );
  }
}
