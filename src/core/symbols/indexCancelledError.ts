/** The index build was cancelled through its AbortSignal; what was indexed before stays usable. */
export class IndexCancelledError extends Error {
  override readonly name = 'IndexCancelledError';
  constructor(
    readonly indexedFiles: number,
    readonly totalFiles: number,
  ) {
    super(
      `Symbol indexing was cancelled after ${indexedFiles} of ${totalFiles} files; run the index again to finish it.`,
    );
  }
}
