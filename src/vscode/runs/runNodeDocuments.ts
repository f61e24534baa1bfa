import * as vscode from 'vscode';
import type { RunHistory } from './runHistory';
import { nodeTitle, runNodeMarkdown } from './runNodeText';

export const runNodeScheme = 'rlm-run';

/** `rlm-run:/<rootId>/<nodeId>/<Kind>.md`: the last segment only names the tab. */
function runNodeUri(rootId: string, nodeId: string, title: string): vscode.Uri {
  return vscode.Uri.from({
    scheme: runNodeScheme,
    path: `/${encodeURIComponent(rootId)}/${encodeURIComponent(nodeId)}/${title.replace(/[^\w -]/g, '')}.md`,
  });
}

function parseRunNodeUri(uri: vscode.Uri): { rootId: string; nodeId: string } | undefined {
  const [, rootId, nodeId] = uri.path.split('/');
  return rootId && nodeId ? { rootId: decodeURIComponent(rootId), nodeId: decodeURIComponent(nodeId) } : undefined;
}

/**
 * Read-only markdown documents with a run step's prompt, code, output, response, timings and usage, served as a file
 * system so VS Code can reopen a step's tab after a reload: the `onFileSystem:rlm-run` activation event starts the
 * extension when a restored editor asks, and the content is read again from the run history on disk. (A text document
 * content provider has no activation event: its restored tabs came back empty.)
 */
export class RunNodeDocuments implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changeEmitter.event;
  private readonly subscription: { dispose(): void };
  /** When each open step last changed, so VS Code sees a new mtime and reads it again. */
  private readonly changedAt = new Map<string, number>();
  private readonly createdAt = Date.now();

  constructor(private readonly history: RunHistory) {
    // A running step's document follows it (its output and timings arrive later).
    this.subscription = history.onDidChange((change) => {
      if (change.kind !== 'nodes') return;
      const changed = new Set(change.nodeIds);
      const events: vscode.FileChangeEvent[] = [];
      for (const document of vscode.workspace.textDocuments) {
        const target = document.uri.scheme === runNodeScheme ? parseRunNodeUri(document.uri) : undefined;
        if (target?.rootId !== change.runId || !changed.has(target.nodeId)) continue;
        this.changedAt.set(document.uri.toString(), Date.now());
        events.push({ type: vscode.FileChangeType.Changed, uri: document.uri });
      }
      if (events.length > 0) this.changeEmitter.fire(events);
    });
  }

  uriOf(rootId: string, nodeId: string): vscode.Uri | undefined {
    const node = this.history.tree(rootId)?.get(nodeId);
    return node ? runNodeUri(rootId, nodeId, nodeTitle(node)) : undefined;
  }

  /** The step's markdown, from the live run or the run's log on disk; a sentence when the run is gone. */
  content(uri: vscode.Uri): string {
    const target = parseRunNodeUri(uri);
    const tree = target ? this.history.tree(target.rootId) : undefined;
    const node = target ? tree?.get(target.nodeId) : undefined;
    if (!tree || !node) return '# Step not available\n\nThe run was deleted or its log could not be read.\n';
    return runNodeMarkdown(tree, node, Date.now());
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    if (!parseRunNodeUri(uri))
      return { type: vscode.FileType.Directory, ctime: this.createdAt, mtime: this.createdAt, size: 0 };
    const mtime = this.changedAt.get(uri.toString()) ?? this.createdAt;
    return {
      type: vscode.FileType.File,
      ctime: this.createdAt,
      mtime,
      size: encoder.encode(this.content(uri)).byteLength,
      permissions: vscode.FilePermission.Readonly,
    };
  }

  readFile(uri: vscode.Uri): Uint8Array {
    return encoder.encode(this.content(uri));
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined); // changes are announced for open step documents, watched or not
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(uri: vscode.Uri): never {
    throw readOnly(uri);
  }

  writeFile(uri: vscode.Uri): never {
    throw readOnly(uri);
  }

  delete(uri: vscode.Uri): never {
    throw readOnly(uri);
  }

  rename(uri: vscode.Uri): never {
    throw readOnly(uri);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}

const encoder = new TextEncoder();

function readOnly(uri: vscode.Uri): vscode.FileSystemError {
  return vscode.FileSystemError.NoPermissions(
    `${uri.path.split('/').pop() ?? 'This step'} is a saved run step: it cannot be changed. Copy its text into a file to edit it.`,
  );
}
