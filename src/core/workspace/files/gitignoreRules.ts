import { GitignoreFile } from './gitignoreFile';
import { IgnoreScope } from './ignoreScope';
import type { IgnoreRuleSource } from './ignoreScope';

export type { IgnoreRuleSource } from './ignoreScope';

/**
 * The .gitignore files of a tree, each applying to its own folder and below; a deeper file overrides a
 * shallower one, within a file the last matching rule wins, and nothing below an ignored folder comes back, as
 * in git. Case-sensitive, as git on Linux. For one path at a time; walks use `IgnoreScope` folder by folder.
 */
export class GitignoreRules {
  private readonly byFolder = new Map<string, GitignoreFile>();

  /** Adds the rules of the .gitignore found in `folder` ('' for the root). */
  add(folder: string, content: string): void {
    this.byFolder.set(folder, new GitignoreFile(content));
  }

  /** Whether a path is ignored by the rules added so far (those of its parent folders). */
  isIgnored(relativePath: string, isFolder: boolean): boolean {
    return this.ruleIgnoring(relativePath, isFolder) !== undefined;
  }

  /** The rule that ignores a path or one of its folders, or undefined when none does. */
  ruleIgnoring(relativePath: string, isFolder: boolean): IgnoreRuleSource | undefined {
    const segments = relativePath.split('/');
    const name = segments.pop() as string;
    let scope = this.withOwnGitignore(IgnoreScope.root(), '');
    let folder = '';
    for (const segment of segments) {
      const rule = scope.ruleIgnoring(segment, true);
      if (rule !== undefined) return rule;
      folder = folder === '' ? segment : `${folder}/${segment}`;
      scope = this.withOwnGitignore(scope.enter(segment), folder);
    }
    return scope.ruleIgnoring(name, isFolder);
  }

  private withOwnGitignore(scope: IgnoreScope, folder: string): IgnoreScope {
    const rules = this.byFolder.get(folder);
    return rules === undefined ? scope : scope.withRules(folder, rules);
  }
}
