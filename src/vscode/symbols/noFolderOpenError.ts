/** A symbol query needs a folder on disk, and none is open. */
export class NoFolderOpenError extends Error {
  override readonly name = 'NoFolderOpenError';
  constructor() {
    super('There is no folder on disk to index: open a folder (File > Open Folder) and run the command again.');
  }
}
