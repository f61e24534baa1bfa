import { readdirSync, readFileSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import * as nodePath from 'node:path';
import { comparePaths } from './comparePaths';
import { CooperativeClock } from './cooperativeClock';
import { GitignoreFile } from './gitignoreFile';
import type { SkippedGitignoreRule } from './gitignoreFile';
import { IgnoreScope } from './ignoreScope';
import type { PathFilter } from './pathFilter';
import { toDisplayPath } from './resolveWorkspacePath';
import type { WorkspaceRoot } from '../workspace';

/** A file a listing or search may look at. */
export interface WorkspaceFile {
  readonly rootIndex: number;
  /** Root-relative, '/'-separated. */
  readonly relativePath: string;
  readonly displayPath: string;
  readonly absolutePath: string;
}

/** A file found by the walk; its absolute path is joined only when asked for (a listing never does). */
class WalkedFile implements WorkspaceFile {
  constructor(
    readonly rootIndex: number,
    readonly relativePath: string,
    readonly displayPath: string,
    private readonly folderPath: string,
    private readonly name: string,
  ) {}

  get absolutePath(): string {
    return childPath(this.folderPath, this.name);
  }
}

export interface WalkOptions {
  filter: PathFilter;
  /** Keeps only the files it accepts (folders are always walked). */
  acceptFile?: (relativePath: string, displayPath: string) => boolean;
  signal?: AbortSignal;
  /** Told of each file or folder a .gitignore rule leaves out (a folder once, not its contents). */
  onIgnored?: (relativePath: string, isFolder: boolean) => void;
  /** Told of each .gitignore rule left out as too costly to match, once per .gitignore read (display path). */
  onSkippedIgnoreRule?: (gitignore: string, rule: SkippedGitignoreRule) => void;
}

/**
 * Every file of the roots that .gitignore files (nested ones too), the default excludes and the secret
 * globs leave in, in tree order (root by root; `comparePaths`, the order of ripgrep's `--sort path`).
 */
export async function walkFiles(roots: readonly WorkspaceRoot[], options: WalkOptions): Promise<WorkspaceFile[]> {
  const found: WorkspaceFile[] = [];
  await forEachFile(roots, options, (file) => found.push(file));
  return found;
}

/**
 * Hands each file `walkFiles` finds to `onFile`, in the same order, keeping none: a listing that keeps only
 * the paths leaves the garbage collector less to copy. Symbolic links are not followed, as ripgrep does.
 * Synchronous file-system calls in short slices: on Node they are several times faster than the thread-pool
 * round trips of the asynchronous ones.
 */
export async function forEachFile(
  roots: readonly WorkspaceRoot[],
  options: WalkOptions,
  onFile: (file: WorkspaceFile) => void,
): Promise<void> {
  const clock = new CooperativeClock();
  for (let rootIndex = 0; rootIndex < roots.length; rootIndex++) {
    const root = roots[rootIndex] as WorkspaceRoot;
    const walk: Walk = { roots, rootIndex, options, onFile };
    // Depth first, each folder's entries in name order: the files come out in tree order with no sort after.
    const open: OpenFolder[] = [];
    const top = openFolder(walk, { path: nodePath.resolve(root.fsPath), relative: '', scope: IgnoreScope.root() });
    if (top !== undefined) open.push(top);
    while (open.length > 0) {
      options.signal?.throwIfAborted();
      await clock.maybeYield(options.signal);
      const folder = open[open.length - 1] as OpenFolder;
      const subfolder = continueFolder(walk, folder);
      if (subfolder === undefined) open.pop();
      else if (subfolder !== folder) open.push(subfolder);
    }
  }
}

/** Entries looked at between two chances to yield to the event loop. */
const entriesPerStep = 2_000;

interface Walk {
  roots: readonly WorkspaceRoot[];
  rootIndex: number;
  options: WalkOptions;
  onFile: (file: WorkspaceFile) => void;
}

interface Folder {
  path: string;
  relative: string;
  /** The .gitignore rules in force in the folder (its own .gitignore included once it is open). */
  scope: IgnoreScope;
}

/** A folder being walked: its entries in name order and how far the walk has come. */
interface OpenFolder extends Folder {
  entries: Dirent[];
  next: number;
}

/** Reads a folder and its .gitignore; undefined when it cannot be read (left out, as ripgrep does). */
function openFolder(walk: Walk, folder: Folder): OpenFolder | undefined {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder.path, { withFileTypes: true });
  } catch {
    return undefined;
  }
  let scope = folder.scope;
  if (entries.some((entry) => entry.name === '.gitignore' && entry.isFile())) {
    const rules = new GitignoreFile(readText(childPath(folder.path, '.gitignore')));
    const report = walk.options.onSkippedIgnoreRule;
    if (report !== undefined && rules.skippedRules.length > 0) {
      const gitignore = folder.relative === '' ? '.gitignore' : `${folder.relative}/.gitignore`;
      const display = toDisplayPath(walk.roots, walk.rootIndex, gitignore);
      for (const rule of rules.skippedRules) report(display, rule);
    }
    scope = scope.withRules(folder.relative, rules);
  }
  // Names have no '/', so name order within each folder is the paths' `comparePaths` order.
  entries.sort((a, b) => comparePaths(a.name, b.name));
  return { path: folder.path, relative: folder.relative, scope, entries, next: 0 };
}

/**
 * Hands on the folder's next files up to its next subfolder left in, and returns that subfolder opened; returns
 * the folder itself after `entriesPerStep` entries (so a huge flat folder still lets the walk yield), undefined
 * once it is done.
 */
function continueFolder(walk: Walk, folder: OpenFolder): OpenFolder | undefined {
  const { path: folderPath, relative: relativeFolder, scope, entries } = folder;
  const { filter, onIgnored, acceptFile } = walk.options;
  const stepEnd = Math.min(entries.length, folder.next + entriesPerStep);
  while (folder.next < stepEnd) {
    const entry = entries[folder.next++] as Dirent;
    if (entry.isSymbolicLink() || !filter.allowsName(entry.name)) continue;
    const relativePath = relativeFolder === '' ? entry.name : `${relativeFolder}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!filter.allowsWalkedPath(relativePath)) continue;
      if (scope.isIgnored(entry.name, true)) {
        onIgnored?.(relativePath, true);
        continue;
      }
      const subfolder = openFolder(walk, {
        path: childPath(folderPath, entry.name),
        relative: relativePath,
        scope: scope.enter(entry.name),
      });
      if (subfolder !== undefined) return subfolder;
    } else if (entry.isFile()) {
      if (!filter.allowsWalkedPath(relativePath)) continue;
      if (scope.isIgnored(entry.name, false)) {
        onIgnored?.(relativePath, false);
        continue;
      }
      const displayPath = toDisplayPath(walk.roots, walk.rootIndex, relativePath);
      if (acceptFile !== undefined && !acceptFile(relativePath, displayPath)) continue;
      walk.onFile(new WalkedFile(walk.rootIndex, relativePath, displayPath, folderPath, entry.name));
    }
  }
  return folder.next < entries.length ? folder : undefined;
}

/** `path.join` for a resolved folder and an entry name, without normalizing again what is already normal. */
function childPath(folderPath: string, name: string): string {
  return folderPath.endsWith(nodePath.sep) ? `${folderPath}${name}` : `${folderPath}${nodePath.sep}${name}`;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
