import { WorkspaceError } from './workspaceError';

export class FileTooLargeError extends WorkspaceError {
  readonly code = 'file-too-large';

  constructor(
    readonly path: string,
    readonly sizeBytes: number,
    readonly limitBytes: number,
  ) {
    super(
      `${path}: is ${formatBytes(sizeBytes)}, over the ${formatBytes(limitBytes)} limit per file, so it is not read. ` +
        'Raise maxFileBytes if you need it.',
    );
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
