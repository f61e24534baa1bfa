import ignore from 'ignore';
import { gitignoreRuleProblem } from './gitignoreRuleBounds';

/** `GitignoreFile.decide` found no rule matching the path. */
export const noRuleMatches = -1;
/** `GitignoreFile.decide` found that the last matching rule is a `!` rule: the path is brought back. */
export const broughtBack = -2;

/** One rule as the `ignore` package parses it (its own regular expression is the reference meaning). */
interface ParsedRule {
  pattern: string;
  mark?: string;
  negative: boolean;
  regex: RegExp;
}

interface IndexedText {
  text: string;
  index: number;
}

interface IndexedRegex {
  regex: RegExp;
  index: number;
}

/** A literal rule with a '/' (`/vmlinux`, `/include/config/`, `utils/x.o`), filed under its last segment. */
interface AnchoredName {
  /** The folders before the name, relative to the .gitignore's folder: '' or 'a/b/'. */
  within: string;
  index: number;
}

/** A rule of the file that is not applied: over the bounds `gitignoreRuleProblem` checks. */
export interface SkippedGitignoreRule {
  /** 1-based. */
  line: number;
  pattern: string;
  /** What is over which bound. */
  reason: string;
}

/** A path segment written without wildcards, escapes or spaces: compared as plain text. */
const literalSegment = /^[^\s\\/*?[\]]+$/;

/**
 * The rules of one .gitignore, indexed so a path is tested only against the rules that can match it: literal
 * names, `*suffix` and `prefix*` rules and literal paths are looked up by the entry's name; the other rules are
 * tested with the `ignore` package's own expressions (one combined expression first, since most names match
 * none). The verdict is exactly `ignore`'s for the same rules and path: the last matching rule wins, and the
 * rule reported is the first ignoring one after the last matching `!` rule.
 */
export class GitignoreFile {
  readonly ruleCount: number;
  /** Rules left out because matching them could take too long; the walk reports them with the listing. */
  readonly skippedRules: readonly SkippedGitignoreRule[];
  private readonly rules: readonly ParsedRule[];
  private readonly folderOnly: boolean[] = [];
  private readonly byName = new Map<string, number[]>();
  /** `*.ext` rules by their suffix (which starts with '.'): a name is looked up by each of its dot suffixes. */
  private readonly byDotSuffix = new Map<string, number[]>();
  private readonly suffixes: IndexedText[] = [];
  private readonly prefixes: IndexedText[] = [];
  private readonly anchoredByName = new Map<string, AnchoredName[]>();
  /** Wildcard rules without '/' but a trailing one: they can only match the last segment, tested alone. */
  private readonly nameGlobs: IndexedRegex[] = [];
  private readonly anyNameGlob: RegExp | undefined;
  /** Wildcard rules with a '/' (or escapes, `**`): tested on the path relative to the .gitignore's folder. */
  private readonly pathGlobs: IndexedRegex[] = [];
  private readonly anyPathGlob: RegExp | undefined;
  /** Reused between calls: the indexes of the rules matching the path being decided. */
  private readonly matched: number[] = [];

  constructor(content: string) {
    // Each line keeps its number as the rule's mark, so a listing that comes out empty can name the rule.
    const parser = ignore({ ignorecase: false });
    const skipped: SkippedGitignoreRule[] = [];
    content.split(/\r?\n/).forEach((pattern, index) => {
      const reason = gitignoreRuleProblem(pattern);
      if (reason === undefined) parser.add({ pattern, mark: String(index + 1) });
      else skipped.push({ line: index + 1, pattern: pattern.trim(), reason });
    });
    this.skippedRules = skipped;
    this.rules = parsedRules(parser);
    this.ruleCount = this.rules.length;
    this.rules.forEach((rule, index) => this.file(rule, index));
    this.anyNameGlob = anyOf(this.nameGlobs, 'y');
    this.anyPathGlob = anyOf(this.pathGlobs, '');
  }

  /** The pattern and 1-based line of a rule `decide` returned. */
  ruleSource(index: number): { line: number; pattern: string } {
    const rule = this.rules[index] as ParsedRule;
    return { line: Number(rule.mark ?? 0), pattern: rule.pattern };
  }

  /**
   * The index of the rule that ignores entry `name` of the folder `within` ('' or 'a/b/', relative to this
   * .gitignore's folder), `broughtBack` or `noRuleMatches`. The folders above are not looked at: a walk does
   * not enter an ignored folder, as git does not.
   */
  decide(within: string, name: string, isFolder: boolean): number {
    const matched = this.matched;
    matched.length = 0;
    this.addLiteral(this.byName.get(name), isFolder);
    if (this.byDotSuffix.size > 0) {
      for (let dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
        this.addLiteral(this.byDotSuffix.get(dot === 0 ? name : name.slice(dot)), isFolder);
      }
    }
    for (const suffix of this.suffixes) {
      if (name.endsWith(suffix.text)) this.addRule(suffix.index, isFolder);
    }
    for (const prefix of this.prefixes) {
      if (name.startsWith(prefix.text)) this.addRule(prefix.index, isFolder);
    }
    const anchored = this.anchoredByName.get(name);
    if (anchored !== undefined) {
      for (const rule of anchored) if (rule.within === within) this.addRule(rule.index, isFolder);
    }
    if (this.anyNameGlob !== undefined && startsAnyNameGlob(this.anyNameGlob, name, isFolder)) {
      addMatching(this.nameGlobs, isFolder ? `${name}/` : name, matched);
    }
    if (this.anyPathGlob !== undefined) {
      const path = `${within}${name}${isFolder ? '/' : ''}`;
      if (this.anyPathGlob.test(path)) addMatching(this.pathGlobs, path, matched);
    }
    return matched.length === 0 ? noRuleMatches : this.verdict(matched);
  }

  /** `ignore`'s verdict: the first ignoring rule after the last matching `!` rule, if any. */
  private verdict(matched: readonly number[]): number {
    let lastNegative = -1;
    for (const index of matched) {
      if ((this.rules[index] as ParsedRule).negative && index > lastNegative) lastNegative = index;
    }
    let firstIgnoring = Number.MAX_SAFE_INTEGER;
    for (const index of matched) {
      if (index > lastNegative && index < firstIgnoring && !(this.rules[index] as ParsedRule).negative) {
        firstIgnoring = index;
      }
    }
    if (firstIgnoring !== Number.MAX_SAFE_INTEGER) return firstIgnoring;
    return lastNegative >= 0 ? broughtBack : noRuleMatches;
  }

  private addLiteral(indexes: readonly number[] | undefined, isFolder: boolean): void {
    if (indexes !== undefined) for (const index of indexes) this.addRule(index, isFolder);
  }

  /** A rule found by name matches when it is not a folder-only rule (`name/`) tested on a file. */
  private addRule(index: number, isFolder: boolean): void {
    if (isFolder || !this.folderOnly[index]) this.matched.push(index);
  }

  /** Files the rule where `decide` finds it; see the class comment for the forms looked up by name. */
  private file(rule: ParsedRule, index: number): void {
    const body = rule.negative ? rule.pattern.slice(1) : rule.pattern;
    const folderOnly = body.endsWith('/');
    const core = folderOnly ? body.slice(0, -1) : body;
    this.folderOnly[index] = folderOnly;
    if (!core.includes('/')) {
      if (literalSegment.test(core)) return push(this.byName, core, index);
      const rest = core.slice(1);
      if (core.startsWith('*') && literalSegment.test(rest)) {
        if (rest.startsWith('.')) return push(this.byDotSuffix, rest, index);
        return void this.suffixes.push({ text: rest, index });
      }
      const start = core.slice(0, -1);
      if (core.endsWith('*') && literalSegment.test(start)) return void this.prefixes.push({ text: start, index });
    } else {
      const segments = (core.startsWith('/') ? core.slice(1) : core).split('/');
      if (segments.every((segment) => literalSegment.test(segment))) {
        const name = segments.pop() as string;
        const list = this.anchoredByName.get(name) ?? [];
        list.push({ within: segments.length === 0 ? '' : `${segments.join('/')}/`, index });
        return void this.anchoredByName.set(name, list);
      }
    }
    if (!(rule.regex instanceof RegExp)) throw changedParser();
    // Without '/' (but a trailing one) the expression starts with "(?:^|\/)" and cannot match a '/' after
    // that, so it matches a path exactly when it matches the path's last segment.
    const lastSegmentOnly =
      !core.includes('/') && !body.includes('\\') && !body.includes('**') && rule.regex.source.startsWith('(?:^|\\/)');
    (lastSegmentOnly ? this.nameGlobs : this.pathGlobs).push({ regex: rule.regex, index });
  }
}

/**
 * The rules `ignore` parsed, with its expressions. The package exposes them only internally; its version is
 * pinned and the unit tests compare every verdict with its public `test()`, so a change there fails loudly.
 */
function parsedRules(parser: object): ParsedRule[] {
  const rules = (parser as { _rules?: { _rules?: unknown } })._rules?._rules;
  if (!Array.isArray(rules) || !rules.every(isParsedRule)) throw changedParser();
  return rules;
}

function changedParser(): Error {
  return new Error(
    "The 'ignore' package no longer exposes its parsed rules the way src/core/workspace/files/gitignoreFile.ts " +
      'reads them: pin the version in package.json back to the one it was written for, or update that file.',
  );
}

function isParsedRule(value: unknown): value is ParsedRule {
  const rule = value as Partial<ParsedRule> | null;
  // Not `regex`: `ignore` compiles it on first use, and rules looked up by name never need it.
  return typeof rule?.pattern === 'string' && typeof rule.negative === 'boolean' && 'regex' in rule;
}

function push(map: Map<string, number[]>, key: string, index: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [index]);
  else list.push(index);
}

/** One expression matching what any of the rules' expressions matches (their union, so exact). */
function anyOf(globs: readonly IndexedRegex[], extraFlags: string): RegExp | undefined {
  const [first] = globs;
  if (first === undefined) return undefined;
  return new RegExp(globs.map(({ regex }) => `(?:${regex.source})`).join('|'), first.regex.flags + extraFlags);
}

/**
 * Whether the sticky union of name globs matches the name (with a '/' after a folder's). Each glob starts with
 * "(?:^|\/)", so a match can only start at the beginning or at that trailing '/': only those are tried.
 */
function startsAnyNameGlob(any: RegExp, name: string, isFolder: boolean): boolean {
  any.lastIndex = 0;
  if (!isFolder) return any.test(name);
  const segment = `${name}/`;
  if (any.test(segment)) return true;
  any.lastIndex = name.length;
  return any.test(segment);
}

function addMatching(globs: readonly IndexedRegex[], path: string, matched: number[]): void {
  for (const glob of globs) if (glob.regex.test(path)) matched.push(glob.index);
}
