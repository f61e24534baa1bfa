/** Restricted Mode: the symbol index reads every source file, so it waits until the folder is trusted. */
export class UntrustedWorkspaceError extends Error {
  override readonly name = 'UntrustedWorkspaceError';
  constructor() {
    super(
      'The symbol index reads the workspace files, which Restricted Mode forbids: trust the folder (Workspaces: Manage Workspace Trust) and try again.',
    );
  }
}
