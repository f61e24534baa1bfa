import ignore from 'ignore';
import type { Ignore } from 'ignore';

/** The rule that decided a path is ignored: where it is written and what it says. */
export interface IgnoreRuleSource {
  /** Root-relative folder of the .gitignore ('' for the root's own). */
  folder: string;
  /** 1-based line of the rule in that .gitignore. */
  line: number;
  pattern: string;
}

/**
 * The .gitignore files of a tree, each applying to its own folder and below; a deeper file overrides a
 * shallower one, and within a file the last matching rule wins, as in git. Case-sensitive, as git on Linux.
 */
export class GitignoreRules {
  private readonly byFolder = new Map<string, Ignore>();

  /** Adds the rules of the .gitignore found in `folder` ('' for the root). */
  add(folder: string, content: string): void {
    // Each line keeps its number as the rule's mark, so a listing that comes out empty can name the rule.
    const rules = ignore({ ignorecase: false });
    content.split(/\r?\n/).forEach((pattern, index) => rules.add({ pattern, mark: String(index + 1) }));
    this.byFolder.set(folder, rules);
  }

  /** Whether a path is ignored by the rules added so far (those of its parent folders). */
  isIgnored(relativePath: string, isFolder: boolean): boolean {
    return this.ruleIgnoring(relativePath, isFolder) !== undefined;
  }

  /** The rule that ignores a path, or undefined when none does (or a negation brings it back). */
  ruleIgnoring(relativePath: string, isFolder: boolean): IgnoreRuleSource | undefined {
    if (this.byFolder.size === 0) return undefined;
    let folder = parentOf(relativePath);
    for (;;) {
      const rules = this.byFolder.get(folder);
      if (rules !== undefined) {
        const inner = folder === '' ? relativePath : relativePath.slice(folder.length + 1);
        const verdict = rules.test(isFolder ? `${inner}/` : inner);
        if (verdict.ignored)
          return { folder, line: Number(verdict.rule?.mark ?? 0), pattern: verdict.rule?.pattern ?? '' };
        if (verdict.unignored) return undefined;
      }
      if (folder === '') return undefined;
      folder = parentOf(folder);
    }
  }
}

function parentOf(relativePath: string): string {
  const slash = relativePath.lastIndexOf('/');
  return slash < 0 ? '' : relativePath.slice(0, slash);
}
