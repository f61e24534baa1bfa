export type WorkspaceErrorCode =
  | 'path-outside-workspace'
  | 'secret-file'
  | 'file-not-found'
  | 'is-directory'
  | 'binary-file'
  | 'file-too-large'
  | 'invalid-regex'
  | 'invalid-line-range'
  | 'invalid-glob'
  | 'not-regular-file'
  | 'vcs-internals'
  | 'unreadable-file';

/** Base of every error the workspace functions throw; `code` tells them apart without `instanceof`. */
export abstract class WorkspaceError extends Error {
  abstract readonly code: WorkspaceErrorCode;
  /** Brand checked by `isWorkspaceError`, so errors from another bundle or realm are still recognised. */
  readonly isWorkspaceError = true;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export function isWorkspaceError(value: unknown): value is WorkspaceError {
  if (value instanceof WorkspaceError) return true;
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { isWorkspaceError?: unknown; code?: unknown };
  return candidate.isWorkspaceError === true && typeof candidate.code === 'string';
}
