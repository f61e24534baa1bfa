import ignore from 'ignore';
import type { Ignore } from 'ignore';

/**
 * The .gitignore files of a tree, each applying to its own folder and below; a deeper file overrides a
 * shallower one, and within a file the last matching rule wins, as in git. Case-sensitive, as git on Linux.
 */
export class GitignoreRules {
  private readonly byFolder = new Map<string, Ignore>();

  /** Adds the rules of the .gitignore found in `folder` ('' for the root). */
  add(folder: string, content: string): void {
    this.byFolder.set(folder, ignore({ ignorecase: false }).add(content));
  }

  /** Whether a path is ignored by the rules added so far (those of its parent folders). */
  isIgnored(relativePath: string, isFolder: boolean): boolean {
    if (this.byFolder.size === 0) return false;
    let folder = parentOf(relativePath);
    for (;;) {
      const rules = this.byFolder.get(folder);
      if (rules !== undefined) {
        const inner = folder === '' ? relativePath : relativePath.slice(folder.length + 1);
        const verdict = rules.test(isFolder ? `${inner}/` : inner);
        if (verdict.ignored) return true;
        if (verdict.unignored) return false;
      }
      if (folder === '') return false;
      folder = parentOf(folder);
    }
  }
}

function parentOf(relativePath: string): string {
  const slash = relativePath.lastIndexOf('/');
  return slash < 0 ? '' : relativePath.slice(0, slash);
}
