import { InvalidGlobError } from '../errors/invalidGlobError';
import { globLimits } from '../limits';

/**
 * Refuses a glob whose matching could take long or use much memory, before minimatch expands or compiles
 * it: too long, more brace expansions than `globLimits.maxExpansions` (counted, never built: "{1..40000000}"
 * is one range of 40 million), braces nested too deep, too many '*' in one path segment or too many '**'
 * segments. Counts the text as written, so a glob is never under-counted. (Extglob groups such as "+(a|aa)",
 * exponential on their own, are turned off where globs are compiled: `globMatchOptions`.)
 */
export function assertGlobBounded(glob: string): void {
  const limits = globLimits;
  if (glob.length > limits.maxLength)
    fail(glob, `it is ${glob.length} characters long; at most ${limits.maxLength} are allowed`);
  const expansions = countExpansions(glob);
  if (expansions.count > limits.maxExpansions) {
    fail(
      glob,
      `its braces expand to more than ${limits.maxExpansions} patterns; at most ${limits.maxExpansions} are allowed`,
    );
  }
  if (expansions.depth > limits.maxNesting) {
    fail(glob, `its braces are nested ${expansions.depth} deep; at most ${limits.maxNesting} levels are allowed`);
  }
  const segments = glob.split('/');
  const globstars = segments.filter((segment) => segment === '**').length;
  if (globstars > limits.maxGlobstars)
    fail(glob, `it has ${globstars} "**" segments; at most ${limits.maxGlobstars} are allowed`);
  for (const segment of segments) {
    if (segment === '**') continue;
    // A run of '*' inside a segment is one wildcard, as minimatch reads it.
    const stars = (segment.match(/\*+/g) ?? []).length;
    if (stars > limits.maxStarsPerSegment) {
      fail(
        glob,
        `the part "${segment}" has ${stars} '*' wildcards; at most ${limits.maxStarsPerSegment} per path segment are allowed`,
      );
    }
  }
}

function fail(glob: string, reason: string): never {
  throw new InvalidGlobError(glob, reason);
}

/** Stops counting past this, so that counting itself stays cheap. */
const countCap = Number.MAX_SAFE_INTEGER / 4;

/**
 * How many patterns brace expansion makes (as the brace-expansion package reads braces: "{a,b}" lists,
 * "{1..9}" and "{a..z}" ranges with an optional step, anything else literal), and how deep braces nest.
 */
function countExpansions(glob: string): { count: number; depth: number } {
  let depth = 0;
  let open = 0;
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '\\') i++;
    else if (char === '{') depth = Math.max(depth, ++open);
    else if (char === '}' && open > 0) open--;
  }
  return { count: countSequence(glob, 0, glob.length), depth };
}

/** Patterns made by glob[from, to): the product of its brace groups' counts. */
function countSequence(glob: string, from: number, to: number): number {
  let count = 1;
  for (let i = from; i < to; i++) {
    if (glob[i] === '\\') {
      i++;
      continue;
    }
    if (glob[i] !== '{') continue;
    const close = matchingBrace(glob, i, to);
    if (close < 0) continue;
    count = Math.min(countCap, count * countGroup(glob, i + 1, close));
    i = close;
  }
  return count;
}

function countGroup(glob: string, from: number, to: number): number {
  const commas = topLevelCommas(glob, from, to);
  if (commas.length === 0) return rangeSize(glob.slice(from, to)) ?? countSequence(glob, from, to);
  let total = 0;
  let start = from;
  for (const comma of [...commas, to]) {
    total = Math.min(countCap, total + countSequence(glob, start, comma));
    start = comma + 1;
  }
  return total;
}

/** "{1..40000000}" has 40000000 members, "{a..z..2}" 13; undefined when the text is not a range. */
function rangeSize(body: string): number | undefined {
  const numeric = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(body);
  if (numeric !== null) {
    const step = Math.max(1, Math.abs(Number(numeric[3] ?? 1)));
    return Math.floor(Math.abs(Number(numeric[2]) - Number(numeric[1])) / step) + 1;
  }
  const letters = /^([A-Za-z])\.\.([A-Za-z])(?:\.\.(-?\d+))?$/.exec(body);
  if (letters !== null) {
    const step = Math.max(1, Math.abs(Number(letters[3] ?? 1)));
    return Math.floor(Math.abs((letters[2] as string).charCodeAt(0) - (letters[1] as string).charCodeAt(0)) / step) + 1;
  }
  return undefined;
}

function matchingBrace(glob: string, open: number, to: number): number {
  let depth = 0;
  for (let i = open; i < to; i++) {
    if (glob[i] === '\\') i++;
    else if (glob[i] === '{') depth++;
    else if (glob[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function topLevelCommas(glob: string, from: number, to: number): number[] {
  const commas: number[] = [];
  let depth = 0;
  for (let i = from; i < to; i++) {
    if (glob[i] === '\\') i++;
    else if (glob[i] === '{') depth++;
    else if (glob[i] === '}') depth--;
    else if (glob[i] === ',' && depth === 0) commas.push(i);
  }
  return commas;
}

/**
 * How globs from model code and settings are compiled: no extglob groups ("+(a|aa)" backtracks exponentially
 * on a long name; braces say the same thing), and dot files match like any other.
 */
export const globMatchOptions = { dot: true, noext: true } as const;
