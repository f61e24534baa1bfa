import { WorkspaceError } from './workspaceError';

/** Version-control internals (.git, .hg, .svn) hold remote URLs with tokens, hooks and history: never read. */
export class VcsInternalsError extends WorkspaceError {
  readonly code = 'vcs-internals';

  constructor(
    readonly path: string,
    readonly folder: string,
  ) {
    super(
      `${path}: refused, it is inside the version-control folder "${folder}", which is never read (it can hold ` +
        'credentials in remote URLs). Read the working files instead.',
    );
  }
}
