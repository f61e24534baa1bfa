import { WorkspaceError } from './workspaceError';

/**
 * The file system refused a read (permissions, a symlink loop...); the message names the workspace path only.
 * `systemCode` is Node's ("EACCES") or VS Code's FileSystemError code ("NoPermissions").
 */
export class UnreadableFileError extends WorkspaceError {
  readonly code = 'unreadable-file';

  constructor(
    readonly path: string,
    /** The system's error code, e.g. "EACCES". */
    readonly systemCode: string | undefined,
  ) {
    super(`${path}: cannot be read (${describe(systemCode)}). Try another file.`);
  }
}

function describe(code: string | undefined): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
    case 'NoPermissions':
      return 'permission denied';
    case 'ENOENT':
    case 'FileNotFound':
      return 'it was removed while being read';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files; try again';
    case 'EIO':
      return 'input/output error';
    default:
      return code === undefined ? 'the file system refused it' : `the file system said ${code}`;
  }
}

/** Any error of a file-system call on `path` as a workspace error that never shows a host path. */
export function toUnreadableFileError(path: string, error: unknown): UnreadableFileError {
  const code = (error as { code?: unknown } | undefined)?.code;
  return new UnreadableFileError(path, typeof code === 'string' ? code : undefined);
}
