import { readdirSync, readFileSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import * as nodePath from 'node:path';
import { CooperativeClock } from './cooperativeClock';
import { IgnoreScope } from './ignoreScope';
import type { IgnoreRuleSource } from './ignoreScope';
import type { PathFilter } from './pathFilter';
import { toDisplayPath } from './resolveWorkspacePath';
import type { HiddenFilesReport, WorkspaceRoot } from '../workspace';

/** The explanation walks at most this many entries, so a huge ignored folder cannot make a listing slow. */
const maxVisitedEntries = 400_000;
/** A listing this short (or empty) while ignore rules hide most files is explained. */
export const nearlyEmptyListing = 20;
/** Explained only when at least this share of the files is hidden. */
const hiddenShare = 0.9;

export interface ExplainOptions {
  filter: PathFilter;
  /** Counts only the files it accepts (the listing's glob). */
  acceptFile?: (relativePath: string, displayPath: string) => boolean;
  /** How many files the listing showed. */
  listed: number;
  signal?: AbortSignal;
}

/** A folder to explain: the rule that hides it (inherited by everything below) or undefined while visible. */
interface ExplainedFolder {
  relative: string;
  hiddenBy: IgnoreRuleSource | undefined;
  /** The .gitignore rules in force in the folder, before its own .gitignore is read. */
  scope: IgnoreScope;
}

interface RuleTally extends IgnoreRuleSource {
  rootIndex: number;
  hiddenFiles: number;
}

/**
 * Which .gitignore rules hide the files a nearly empty listing leaves out, and how many each hides; undefined
 * when rules hide less than 90% of the files. A tree whose top-level .gitignore ends in `/*` (Debian's kernel
 * sources do) otherwise looks empty with no reason given.
 */
export async function explainHiddenFiles(
  roots: readonly WorkspaceRoot[],
  options: ExplainOptions,
): Promise<HiddenFilesReport | undefined> {
  const tallies = new Map<string, RuleTally>();
  const clock = new CooperativeClock();
  const budget = { entries: maxVisitedEntries };
  for (let rootIndex = 0; rootIndex < roots.length; rootIndex++) {
    const root = nodePath.resolve((roots[rootIndex] as WorkspaceRoot).fsPath);
    const stack: ExplainedFolder[] = [{ relative: '', hiddenBy: undefined, scope: IgnoreScope.root() }];
    while (stack.length > 0 && budget.entries > 0) {
      await clock.maybeYield(options.signal);
      const { relative, hiddenBy, scope: inherited } = stack.pop() as ExplainedFolder;
      const entries = readFolder(nodePath.join(root, relative));
      budget.entries -= entries.length;
      let scope = inherited;
      if (!hiddenBy && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
        scope = scope.withGitignore(relative, readText(nodePath.join(root, relative, '.gitignore')));
      }
      for (const entry of entries) {
        if (entry.isSymbolicLink() || !options.filter.allowsName(entry.name)) continue;
        const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
        if (!options.filter.allowsWalkedPath(path)) continue;
        const isFolder = entry.isDirectory();
        const rule = hiddenBy ?? scope.ruleIgnoring(entry.name, isFolder);
        if (isFolder) stack.push({ relative: path, hiddenBy: rule, scope: rule ? scope : scope.enter(entry.name) });
        else if (
          rule &&
          entry.isFile() &&
          (!options.acceptFile || options.acceptFile(path, toDisplayPath(roots, rootIndex, path)))
        ) {
          const key = `${rootIndex}\u0000${rule.folder}\u0000${rule.line}`;
          const tally = tallies.get(key) ?? { ...rule, rootIndex, hiddenFiles: 0 };
          tally.hiddenFiles++;
          tallies.set(key, tally);
        }
      }
    }
  }
  const hiddenFiles = [...tallies.values()].reduce((sum, t) => sum + t.hiddenFiles, 0);
  if (hiddenFiles === 0 || hiddenFiles < hiddenShare * (hiddenFiles + options.listed)) return undefined;
  const rules = [...tallies.values()]
    .sort((a, b) => b.hiddenFiles - a.hiddenFiles)
    .slice(0, 5)
    .map((t) => ({
      file: toDisplayPath(roots, t.rootIndex, t.folder === '' ? '.gitignore' : `${t.folder}/.gitignore`),
      line: t.line,
      pattern: t.pattern,
      hiddenFiles: t.hiddenFiles,
    }));
  const partial = budget.entries <= 0;
  return { hiddenFiles, partial, rules, message: describeHidden(hiddenFiles, options.listed, partial, rules) };
}

function describeHidden(
  hiddenFiles: number,
  listed: number,
  partial: boolean,
  rules: HiddenFilesReport['rules'],
): string {
  const count = (n: number): string => n.toLocaleString('en-US');
  const total = `${partial ? 'at least ' : ''}${count(hiddenFiles + listed)}`;
  const share =
    listed === 0
      ? `All ${total} files are`
      : `${partial ? 'At least ' : ''}${count(hiddenFiles)} of ${total} files are`;
  const [first] = rules;
  const by =
    rules.length === 1 && first
      ? `hidden by the rule \`${first.pattern}\` in ${first.file}:${first.line}`
      : `hidden by .gitignore rules: ${rules.map((r) => `\`${r.pattern}\` in ${r.file}:${r.line} (${count(r.hiddenFiles)} files)`).join(', ')}`;
  return (
    `${share} ${by}. If those files are the code you mean to explore, remove or narrow that rule ` +
    '(a later `!folder/` line brings a folder back), or open the folder you want as the workspace.'
  );
}

function readFolder(path: string): Dirent[] {
  try {
    return readdirSync(path, { withFileTypes: true });
  } catch {
    return [];
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
