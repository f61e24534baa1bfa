import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import * as nodePath from 'node:path';
import {
  FileTooLargeError,
  GitignoreRules,
  IsDirectoryError,
  NodeWorkspace,
  NotRegularFileError,
  assertGlobBounded,
  isWorkspaceError,
  nearlyEmptyListing,
  toUnreadableFileError,
  comparePaths,
  compileGlobArgument,
  explainHiddenFiles,
  formatFileRead,
  resolveReadableFile,
  toDisplayPath,
} from '../core/workspace/index';
import type {
  FileList,
  FileRead,
  GrepOptions,
  GrepResult,
  ListOptions,
  LocatedFile,
  ReadOptions,
  Workspace,
  WorkspaceLimits,
  WorkspaceRoot,
} from '../core/workspace/index';
import { readEditorExcludeGlobs, readWorkspaceSettings } from './settings';

/** The workspace of the open folders, or undefined when no folder on disk is open. */
export function createVscodeWorkspace(log: vscode.LogOutputChannel): Workspace | undefined {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
  if (folders.length === 0) return undefined;
  const ripgrepPath = findVscodeRipgrep();
  log.info(`workspace: ${folders.length} folder(s), search with ${ripgrepPath ?? 'rg on PATH, or the JavaScript engine'}`);
  return new VscodeWorkspace(folders, readWorkspaceSettings(), ripgrepPath, log);
}

/**
 * The workspace through VS Code: files found with `workspace.findFiles` (so `files.exclude` and
 * `search.exclude` apply), read with `workspace.fs`, searched with the ripgrep VS Code ships. The core's
 * path safety, secret filter and .gitignore rules apply on top, exactly as in the CLI.
 */
export class VscodeWorkspace implements Workspace {
  readonly roots: readonly WorkspaceRoot[];
  private readonly limits: Required<WorkspaceLimits>;
  /** Grep runs on the same roots and filters; editor excludes are folded into its exclude globs. */
  private readonly search: NodeWorkspace;

  constructor(
    private readonly folders: readonly vscode.WorkspaceFolder[],
    settings: Partial<WorkspaceLimits>,
    ripgrepPath: string | undefined,
    log?: vscode.LogOutputChannel,
  ) {
    // files.exclude and search.exclude are the editor's, not written for us: one over the glob bounds is left
    // out (listing more, never less safely) rather than refusing the whole workspace.
    const editorExcludes = folders
      .flatMap((folder) => readEditorExcludeGlobs(folder.uri))
      .filter((glob) => {
        try {
          assertGlobBounded(glob);
          return true;
        } catch (error) {
          log?.warn(`workspace: editor exclude glob left out: ${error instanceof Error ? error.message : String(error)}`);
          return false;
        }
      });
    this.search = new NodeWorkspace({
      roots: folders.map((folder) => ({ name: folder.name, fsPath: folder.uri.fsPath })),
      limits: { ...settings, excludeGlobs: [...(settings.excludeGlobs ?? []), ...editorExcludes] },
      ripgrep: ripgrepPath ?? 'auto',
    });
    this.roots = this.search.roots;
    this.limits = this.search.limits;
  }

  async listFiles(glob?: string, options: ListOptions = {}): Promise<FileList> {
    const matcher = compileGlobArgument(glob);
    const source = new vscode.CancellationTokenSource();
    const onAbort = (): void => source.cancel();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const found: string[] = [];
      for (let rootIndex = 0; rootIndex < this.folders.length; rootIndex++) {
        const folder = this.folders[rootIndex] as vscode.WorkspaceFolder;
        const excludes = readEditorExcludeGlobs(folder.uri);
        // Passing our own exclude replaces files.exclude, so both settings go into it.
        const exclude = excludes.length > 0 ? `{${excludes.join(',')}}` : undefined;
        const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), exclude, undefined, source.token);
        options.signal?.throwIfAborted();
        const gitignore = await this.gitignoreRules(folder, exclude, source.token);
        const relativePaths = uris
          .map((uri) => nodePath.relative(folder.uri.fsPath, uri.fsPath).split(nodePath.sep).join('/'))
          .filter((relative) => this.search.filter.allowsFile(relative) && !isIgnored(gitignore, relative))
          .sort(comparePaths);
        for (const relative of relativePaths) {
          const display = toDisplayPath(this.roots, rootIndex, relative);
          if (matcher === undefined || matcher.matches(relative, display)) found.push(display);
        }
      }
      const cap = options.maxResults ?? this.limits.maxListedFiles;
      const files = found.slice(0, cap);
      const list: FileList = { files, total: found.length, omitted: found.length - files.length };
      if (found.length <= nearlyEmptyListing) {
        // The same walk as the CLI's names the .gitignore rule behind an empty view instead of showing nothing.
        const hidden = await explainHiddenFiles(this.roots, { filter: this.search.filter, acceptFile: matcher?.matches, listed: found.length, ...(options.signal ? { signal: options.signal } : {}) });
        if (hidden) list.hidden = hidden;
      }
      return list;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      source.dispose();
    }
  }

  grep(pattern: string, options?: GrepOptions): Promise<GrepResult> {
    return this.search.grep(pattern, options);
  }

  locate(path: string): Promise<LocatedFile> {
    return this.search.locate(path);
  }

  async readFile(path: string, options: ReadOptions = {}): Promise<FileRead> {
    const { realPath, displayPath: display } = await resolveReadableFile(this.roots, this.search.filter, path);
    const uri = vscode.Uri.file(realPath);
    try {
      const info = await vscode.workspace.fs.stat(uri);
      if (info.type & vscode.FileType.Directory) throw new IsDirectoryError(display);
      // FIFOs, sockets and devices are FileType.Unknown: reading one can block forever.
      if (!(info.type & vscode.FileType.File)) throw new NotRegularFileError(display, 'special file (a pipe, socket or device)');
      if (info.size > this.limits.maxFileBytes) throw new FileTooLargeError(display, info.size, this.limits.maxFileBytes);
      const bytes = await vscode.workspace.fs.readFile(uri);
      return formatFileRead(bytes, display, options, this.limits);
    } catch (error) {
      // FileSystemError messages carry the file's URI, a host path: the model sees the workspace path only.
      throw isWorkspaceError(error) ? error : toUnreadableFileError(display, error);
    }
  }

  /** The folder's .gitignore files, each applying to its own folder and below. */
  private async gitignoreRules(
    folder: vscode.WorkspaceFolder,
    exclude: string | undefined,
    token: vscode.CancellationToken,
  ): Promise<GitignoreRules> {
    const rules = new GitignoreRules();
    const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/.gitignore'), exclude, undefined, token);
    for (const uri of uris) {
      const relative = nodePath.relative(folder.uri.fsPath, nodePath.dirname(uri.fsPath)).split(nodePath.sep).join('/');
      const content = await vscode.workspace.fs.readFile(uri).then(
        (bytes) => new TextDecoder().decode(bytes),
        () => '',
      );
      rules.add(relative, content);
    }
    return rules;
  }
}

/** A file is ignored when it, or any folder above it, is ignored. */
function isIgnored(rules: GitignoreRules, relativePath: string): boolean {
  const segments = relativePath.split('/');
  for (let depth = 1; depth < segments.length; depth++) {
    if (rules.isIgnored(segments.slice(0, depth).join('/'), true)) return true;
  }
  return rules.isIgnored(relativePath, false);
}

/** The ripgrep binary VS Code ships under its app root, when this VS Code has one. */
function findVscodeRipgrep(): string | undefined {
  const binary = process.platform === 'win32' ? 'rg.exe' : 'rg';
  for (const modules of ['node_modules', 'node_modules.asar.unpacked']) {
    const candidate = nodePath.join(vscode.env.appRoot, modules, '@vscode', 'ripgrep', 'bin', binary);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
