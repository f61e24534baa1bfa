import { broughtBack, GitignoreFile, noRuleMatches } from './gitignoreFile';

/** The rule that decided a path is ignored: where it is written and what it says. */
export interface IgnoreRuleSource {
  /** Root-relative folder of the .gitignore ('' for the root's own). */
  folder: string;
  /** 1-based line of the rule in that .gitignore. */
  line: number;
  pattern: string;
}

/** A .gitignore in force in a folder, and where that folder is as seen from it. */
interface Level {
  /** Root-relative folder of the .gitignore. */
  folder: string;
  rules: GitignoreFile;
  /** The scope's folder relative to `folder`: '' or 'a/b/'. */
  within: string;
}

/**
 * The .gitignore rules in force inside one folder of a walk: its own .gitignore and its parents', the deeper
 * one deciding first, as in git. A walk that does not enter ignored folders asks only about each folder's own
 * entries, so a path is never tested twice and its folders never again.
 */
export class IgnoreScope {
  /** Deepest first. */
  private constructor(private readonly levels: readonly Level[]) {}

  /** The scope at a root, before its .gitignore is read. */
  static root(): IgnoreScope {
    return new IgnoreScope([]);
  }

  /** This scope with the rules of the .gitignore found in its own folder (`folder`, root-relative). */
  withGitignore(folder: string, content: string): IgnoreScope {
    return this.withRules(folder, new GitignoreFile(content));
  }

  /** This scope with the already parsed rules of the .gitignore in its own folder. */
  withRules(folder: string, rules: GitignoreFile): IgnoreScope {
    return rules.ruleCount === 0 ? this : new IgnoreScope([{ folder, rules, within: '' }, ...this.levels]);
  }

  /** The scope inside subfolder `name`, before that subfolder's own .gitignore is read. */
  enter(name: string): IgnoreScope {
    if (this.levels.length === 0) return this;
    return new IgnoreScope(this.levels.map((level) => ({ ...level, within: `${level.within}${name}/` })));
  }

  /** Whether the entry `name` of this scope's folder is ignored. */
  isIgnored(name: string, isFolder: boolean): boolean {
    for (const level of this.levels) {
      const verdict = level.rules.decide(level.within, name, isFolder);
      if (verdict === broughtBack) return false;
      if (verdict !== noRuleMatches) return true;
    }
    return false;
  }

  /** The rule that ignores the entry `name`, or undefined when none does (or a `!` rule brings it back). */
  ruleIgnoring(name: string, isFolder: boolean): IgnoreRuleSource | undefined {
    for (const level of this.levels) {
      const verdict = level.rules.decide(level.within, name, isFolder);
      if (verdict === broughtBack) return undefined;
      if (verdict !== noRuleMatches) return { folder: level.folder, ...level.rules.ruleSource(verdict) };
    }
    return undefined;
  }
}
