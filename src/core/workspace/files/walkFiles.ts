import { readdirSync, readFileSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import * as nodePath from 'node:path';
import { comparePaths } from './comparePaths';
import { CooperativeClock } from './cooperativeClock';
import { IgnoreScope } from './ignoreScope';
import type { PathFilter } from './pathFilter';
import { toDisplayPath } from './resolveWorkspacePath';
import type { WorkspaceRoot } from '../workspace';

/** A file a listing or search may look at. */
export interface WorkspaceFile {
  rootIndex: number;
  /** Root-relative, '/'-separated. */
  relativePath: string;
  displayPath: string;
  absolutePath: string;
}

export interface WalkOptions {
  filter: PathFilter;
  /** Keeps only the files it accepts (folders are always walked). */
  acceptFile?: (relativePath: string, displayPath: string) => boolean;
  signal?: AbortSignal;
  /** Told of each file or folder a .gitignore rule leaves out (a folder once, not its contents). */
  onIgnored?: (relativePath: string, isFolder: boolean) => void;
}

/**
 * Every file of the roots that .gitignore files (nested ones too), the default excludes and the secret
 * globs leave in, in tree order (root by root; `comparePaths`, the order of ripgrep's `--sort path`).
 * Symbolic links are not followed, as ripgrep does. Synchronous file-system calls in short slices: on
 * Node they are several times faster than the thread-pool round trips of the asynchronous ones.
 */
export async function walkFiles(roots: readonly WorkspaceRoot[], options: WalkOptions): Promise<WorkspaceFile[]> {
  const found: WorkspaceFile[] = [];
  const clock = new CooperativeClock();
  for (let rootIndex = 0; rootIndex < roots.length; rootIndex++) {
    const root = roots[rootIndex] as WorkspaceRoot;
    // Depth first with each folder's entries in name order: the files come out in tree order, unsorted after.
    const pending: Array<Folder | WorkspaceFile> = [
      { path: nodePath.resolve(root.fsPath), relative: '', scope: IgnoreScope.root() },
    ];
    while (pending.length > 0) {
      const next = pending.pop() as Folder | WorkspaceFile;
      if (!('scope' in next)) {
        found.push(next);
        continue;
      }
      options.signal?.throwIfAborted();
      await clock.maybeYield(options.signal);
      const entries = visitFolder(roots, rootIndex, next, options);
      for (let i = entries.length - 1; i >= 0; i--) pending.push(entries[i] as Folder | WorkspaceFile);
    }
  }
  return found;
}

interface Folder {
  path: string;
  relative: string;
  /** The .gitignore rules in force in the folder, before its own .gitignore is read. */
  scope: IgnoreScope;
}

/** The folder's files and subfolders that are left in, in name order. */
function visitFolder(
  roots: readonly WorkspaceRoot[],
  rootIndex: number,
  folder: Folder,
  options: WalkOptions,
): Array<Folder | WorkspaceFile> {
  const { path: folderPath, relative: relativeFolder } = folder;
  let entries: Dirent[];
  try {
    entries = readdirSync(folderPath, { withFileTypes: true });
  } catch {
    return []; // Unreadable folders are left out, as ripgrep does.
  }
  let scope = folder.scope;
  if (entries.some((entry) => entry.name === '.gitignore' && entry.isFile())) {
    scope = scope.withGitignore(relativeFolder, readText(childPath(folderPath, '.gitignore')));
  }
  // Names have no '/', so name order within each folder is the paths' `comparePaths` order.
  entries.sort((a, b) => comparePaths(a.name, b.name));
  const kept: Array<Folder | WorkspaceFile> = [];
  for (const entry of entries) {
    if (entry.isSymbolicLink() || !options.filter.allowsName(entry.name)) continue;
    const relativePath = relativeFolder === '' ? entry.name : `${relativeFolder}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!options.filter.allowsWalkedPath(relativePath)) continue;
      if (scope.isIgnored(entry.name, true)) {
        options.onIgnored?.(relativePath, true);
        continue;
      }
      kept.push({ path: childPath(folderPath, entry.name), relative: relativePath, scope: scope.enter(entry.name) });
    } else if (entry.isFile()) {
      if (!options.filter.allowsWalkedPath(relativePath)) continue;
      if (scope.isIgnored(entry.name, false)) {
        options.onIgnored?.(relativePath, false);
        continue;
      }
      const displayPath = toDisplayPath(roots, rootIndex, relativePath);
      if (options.acceptFile !== undefined && !options.acceptFile(relativePath, displayPath)) continue;
      kept.push({ rootIndex, relativePath, displayPath, absolutePath: childPath(folderPath, entry.name) });
    }
  }
  return kept;
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
