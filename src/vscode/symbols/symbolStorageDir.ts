import type * as vscode from 'vscode';

/** Where the symbol cache lives: this workspace's extension storage, else the global one; undefined when not on disk. */
export function symbolStorageDir(
  context: Pick<vscode.ExtensionContext, 'storageUri' | 'globalStorageUri'>,
): string | undefined {
  const uri = context.storageUri ?? context.globalStorageUri;
  return uri.scheme === 'file' ? uri.fsPath : undefined;
}
