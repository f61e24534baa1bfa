import { stat } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { FileTooLargeError } from './errors/fileTooLargeError';
import { IsDirectoryError } from './errors/isDirectoryError';
import { NotRegularFileError } from './errors/notRegularFileError';
import { toUnreadableFileError } from './errors/unreadableFileError';
import { isWorkspaceError } from './errors/workspaceError';
import { compileGlobArgument } from './files/globArgument';
import type { SkippedGitignoreRule } from './files/gitignoreFile';
import { describeSkippedIgnoreRules } from './files/gitignoreRuleBounds';
import { explainHiddenFiles, nearlyEmptyListing } from './files/hiddenFiles';
import { PathFilter } from './files/pathFilter';
import { describeFileKind, openWithoutBlocking, readCandidateSync } from './files/readRegularFile';
import { resolveReadableFile } from './files/resolveReadableFile';
import { forEachFile, walkFiles } from './files/walkFiles';
import type { WorkspaceFile } from './files/walkFiles';
import { findRipgrepOnPath } from './grep/findRipgrep';
import type { GrepSettings } from './grep/grepCollector';
import { grepWithJs } from './grep/grepWithJs';
import { grepWithRipgrep } from './grep/grepWithRipgrep';
import { resolveWorkspaceLimits } from './limits';
import { compileSearchPattern } from './regex/compileSearchPattern';
import { formatFileRead } from './text/formatFileRead';
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
} from './workspace';

export interface NodeWorkspaceOptions {
  /** Folders (paths, named after their last segment) or named roots; several make a multi-root workspace. */
  roots: string | readonly (string | WorkspaceRoot)[];
  limits?: Partial<WorkspaceLimits>;
  /** A ripgrep executable, 'auto' (default: `rg` on PATH) or false to always use the JavaScript engine. */
  ripgrep?: string | 'auto' | false;
}

/** The workspace on Node's file system: the CLI's and the tests' adapter. */
export class NodeWorkspace implements Workspace {
  readonly roots: readonly WorkspaceRoot[];
  readonly limits: Required<WorkspaceLimits>;
  /** What listings, searches and reads leave out; adapters that find files by other means apply it too. */
  readonly filter: PathFilter;
  private readonly ripgrep: Promise<string | undefined>;

  constructor(options: NodeWorkspaceOptions) {
    this.roots = nameRoots(typeof options.roots === 'string' ? [options.roots] : options.roots);
    this.limits = resolveWorkspaceLimits(options.limits);
    this.filter = new PathFilter(this.limits);
    const ripgrep = options.ripgrep ?? 'auto';
    this.ripgrep =
      ripgrep === false
        ? Promise.resolve(undefined)
        : ripgrep === 'auto'
          ? findRipgrepOnPath(
              undefined,
              this.roots.map((root) => root.fsPath),
            )
          : Promise.resolve(ripgrep);
  }

  async listFiles(glob?: string, options: ListOptions = {}): Promise<FileList> {
    const matcher = compileGlobArgument(glob);
    const cap = options.maxResults ?? this.limits.maxListedFiles;
    const shown: string[] = [];
    let total = 0;
    let ignored = 0;
    const skippedRules: { file: string; rule: SkippedGitignoreRule }[] = [];
    // Only the shown paths are kept: past the cap a file is counted, not held.
    await forEachFile(
      this.roots,
      {
        filter: this.filter,
        acceptFile: matcher?.matches,
        signal: options.signal,
        onIgnored: () => ignored++,
        onSkippedIgnoreRule: (file, rule) => skippedRules.push({ file, rule }),
      },
      (file) => {
        if (total++ < cap) shown.push(file.displayPath);
      },
    );
    const list: FileList = { files: shown, total, omitted: total - shown.length };
    const skippedIgnoreRules = describeSkippedIgnoreRules(skippedRules);
    if (skippedIgnoreRules) list.skippedIgnoreRules = skippedIgnoreRules;
    if (ignored > 0 && total <= nearlyEmptyListing) {
      const hidden = await explainHiddenFiles(this.roots, {
        filter: this.filter,
        acceptFile: matcher?.matches,
        listed: total,
        signal: options.signal,
      });
      if (hidden) list.hidden = hidden;
    }
    return list;
  }

  async grep(pattern: string, options: GrepOptions = {}): Promise<GrepResult> {
    const compiled = compileSearchPattern(pattern, { caseSensitive: options.caseSensitive });
    const glob = compileGlobArgument(options.glob);
    const settings: GrepSettings = {
      maxResults: Math.max(1, options.maxResults ?? this.limits.maxGrepResults),
      contextLines: Math.min(Math.max(0, options.contextLines ?? 0), this.limits.maxContextLines),
      maxLineChars: this.limits.maxLineChars,
      maxFileBytes: this.limits.maxFileBytes,
      signal: options.signal,
    };
    const ripgrepPath = await this.ripgrep;
    if (ripgrepPath !== undefined) {
      const result = await grepWithRipgrep({
        ripgrepPath,
        roots: this.roots,
        pattern: compiled,
        filter: this.filter,
        glob,
        settings,
      });
      if (result !== undefined) return result;
    }
    const files = await walkFiles(this.roots, {
      filter: this.filter,
      acceptFile: glob?.matches,
      signal: options.signal,
    });
    return grepWithJs<WorkspaceFile>(
      {
        files,
        displayPath: (file) => file.displayPath,
        read: (file, maxBytes) => Promise.resolve(readCandidateSync(file.absolutePath, maxBytes)),
      },
      compiled,
      settings,
    );
  }

  async locate(path: string): Promise<LocatedFile> {
    const { realPath, displayPath } = await resolveReadableFile(this.roots, this.filter, path);
    // An editor opening a FIFO or a device waits on it like a read does.
    const info = await stat(realPath).catch((error: unknown) => {
      throw toUnreadableFileError(displayPath, error);
    });
    if (!info.isFile() && !info.isDirectory()) throw new NotRegularFileError(displayPath, describeFileKind(info));
    return { fsPath: realPath, displayPath };
  }

  async readFile(path: string, options: ReadOptions = {}): Promise<FileRead> {
    const { realPath, displayPath: display } = await resolveReadableFile(this.roots, this.filter, path);
    try {
      const info = await stat(realPath);
      if (info.isDirectory()) throw new IsDirectoryError(display);
      if (!info.isFile()) throw new NotRegularFileError(display, describeFileKind(info));
      const handle = await openWithoutBlocking(realPath);
      try {
        // Checked again on the open file: the path may have been replaced by a FIFO since the stat.
        const opened = await handle.stat();
        if (!opened.isFile()) throw new NotRegularFileError(display, describeFileKind(opened));
        if (opened.size > this.limits.maxFileBytes)
          throw new FileTooLargeError(display, opened.size, this.limits.maxFileBytes);
        const bytes = await handle.readFile();
        return formatFileRead(bytes, display, options, this.limits);
      } finally {
        await handle.close();
      }
    } catch (error) {
      // The system's messages name absolute host paths: the model sees the workspace path only.
      throw isWorkspaceError(error) ? error : toUnreadableFileError(display, error);
    }
  }
}

/** Roots named after their folder; a repeated name gets " (2)", " (3)"... so paths stay unambiguous. */
function nameRoots(roots: readonly (string | WorkspaceRoot)[]): WorkspaceRoot[] {
  const used = new Set<string>();
  return roots.map((root) => {
    const fsPath = nodePath.resolve(typeof root === 'string' ? root : root.fsPath);
    const base = typeof root === 'string' ? nodePath.basename(fsPath) || fsPath : root.name;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base} (${n})`;
    used.add(name);
    return { name, fsPath };
  });
}
