import * as nodePath from 'node:path';
import * as vscode from 'vscode';

/** What changed under one folder since the last batch, root-relative with forward slashes. */
export interface FileChangeBatch {
  created: string[];
  changed: string[];
  /** Files or folders. */
  deleted: string[];
}

type ChangeKind = 'created' | 'changed' | 'deleted';

/** Watches one folder and hands over debounced batches: a burst (a checkout, a formatter run) becomes one update. */
export class SymbolFileWatcher implements vscode.Disposable {
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly pending = new Map<string, ChangeKind>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly folderPath: string,
    private readonly debounceMs: number,
    /** Decides cheaply whether a created or changed path can matter (deletions always can: folders). */
    private readonly relevant: (relative: string) => boolean,
    private readonly onBatch: (batch: FileChangeBatch) => void,
  ) {
    this.watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(folderPath), '**/*'),
    );
    this.watcher.onDidCreate((uri) => this.record(uri, 'created'));
    this.watcher.onDidChange((uri) => this.record(uri, 'changed'));
    this.watcher.onDidDelete((uri) => this.record(uri, 'deleted'));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.pending.clear();
    this.watcher.dispose();
  }

  private record(uri: vscode.Uri, kind: ChangeKind): void {
    if (uri.scheme !== 'file') return;
    const relative = nodePath.relative(this.folderPath, uri.fsPath).split(nodePath.sep).join('/');
    if (!relative || relative.startsWith('..')) return;
    if (kind !== 'deleted' && !this.relevant(relative)) return;
    const before = this.pending.get(relative);
    // A file created and then written in the same burst is still new to the index.
    this.pending.set(relative, kind === 'changed' && before === 'created' ? 'created' : kind);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.debounceMs);
  }

  private flush(): void {
    this.timer = undefined;
    const batch: FileChangeBatch = { created: [], changed: [], deleted: [] };
    for (const [relative, kind] of this.pending) batch[kind].push(relative);
    this.pending.clear();
    this.onBatch(batch);
  }
}
