import type { SkippedGitignoreRule } from './gitignoreFile';
import { globLimits } from '../limits';
import type { SkippedIgnoreRulesReport } from '../workspace';

/**
 * Why a .gitignore rule is left out, or undefined when it is applied. The `ignore` package compiles each '*' to a
 * backtracking `[^/]*`, so a rule like `*a*a*a*a*a*a*b` takes minutes on a 120-character name: a repository's rules
 * are held to the bounds of `globLimits`, as globs from settings and model code are. Comments and blank lines are
 * never left out; escaped characters (`\*`) are literal and not counted.
 */
export function gitignoreRuleProblem(line: string): string | undefined {
  const rule = line.trim();
  if (rule === '' || rule.startsWith('#')) return undefined;
  if (rule.length > globLimits.maxLength)
    return `it is ${rule.length} characters long; at most ${globLimits.maxLength} are allowed`;
  const segments = rule.replace(/^!/, '').replace(/\\./g, 'x').split('/');
  const globstars = segments.filter((segment) => segment === '**').length;
  if (globstars > globLimits.maxGlobstars)
    return `it has ${globstars} "**" segments; at most ${globLimits.maxGlobstars} are allowed`;
  for (const segment of segments) {
    if (segment === '**') continue;
    // A run of '*' inside a segment is one wildcard, as for globs.
    const stars = (segment.match(/\*+/g) ?? []).length;
    if (stars > globLimits.maxStarsPerSegment)
      return `a path segment has ${stars} '*' wildcards; at most ${globLimits.maxStarsPerSegment} are allowed`;
  }
  return undefined;
}

/** Rules named in a report; the count says how many more there were. */
const reportedRules = 5;
/** A rule is shown up to this many characters ("…" marks a cut). */
const shownRuleChars = 80;

/** The report of the rules a listing left out, or undefined when it left none out. */
export function describeSkippedIgnoreRules(
  skipped: ReadonlyArray<{ file: string; rule: SkippedGitignoreRule }>,
): SkippedIgnoreRulesReport | undefined {
  if (skipped.length === 0) return undefined;
  const rules = skipped.slice(0, reportedRules).map(({ file, rule }) => ({
    file,
    line: rule.line,
    pattern: rule.pattern.length > shownRuleChars ? `${rule.pattern.slice(0, shownRuleChars)}…` : rule.pattern,
    reason: rule.reason,
  }));
  const named = rules.map((r) => `\`${r.pattern}\` in ${r.file}:${r.line} (${r.reason})`).join(', ');
  const more = skipped.length > rules.length ? ` and ${skipped.length - rules.length} more` : '';
  const one = skipped.length === 1;
  const which = one ? 'A .gitignore rule was' : `${skipped.length} .gitignore rules were`;
  return {
    count: skipped.length,
    rules,
    message:
      `${which} not applied, since matching ${one ? 'it' : 'them'} could take minutes on long file names: ` +
      `${named}${more}. Files ${one ? 'it' : 'they'} would hide may be listed; with fewer wildcards (at most ` +
      `${globLimits.maxStarsPerSegment} \`*\` per path segment) a rule is applied.`,
  };
}
