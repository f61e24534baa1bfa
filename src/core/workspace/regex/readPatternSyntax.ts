import { InvalidRegexError } from '../errors/invalidRegexError';

/** Longest grep pattern accepted: longer ones are a sign of generated input, and cost compile time. */
const maxPatternLength = 1000;

/** Largest compiled RE2 program accepted: about 1 MB/s per line check at this size, on a slow machine. */
export const maxPatternInstructions = 1500;

const lookaroundReason =
  'lookahead and lookbehind ((?=...), (?!...), (?<=...), (?<!...)) are not supported, since searches run on a ' +
  'linear-time (RE2) engine; match the surrounding text instead and read the column';
const backreferenceReason =
  'backreferences (\\1, \\k<name>) are not supported, since searches run on a linear-time (RE2) engine; ' +
  'search for the first part and check the repeat in the lines found';

/**
 * RE2 syntax with three JavaScript habits turned into their RE2 spelling (\u00e9 and \u{1F600} become \x{...},
 * \p{Script=Greek} and \p{General_Category=L} lose their key); lookarounds, backreferences and over-long
 * patterns are refused with a message that says why. Scans like RE2's parser: escapes take the next
 * character, and inside [...] nothing opens a group.
 */
export function readPatternSyntax(source: string): string {
  if (source.length > maxPatternLength) {
    throw new InvalidRegexError(
      source,
      `the pattern is ${source.length} characters long, over the limit of ${maxPatternLength}; search for a shorter, distinctive part`,
    );
  }
  let out = '';
  let inClass = false;
  // Where the class's first item starts: a ']' there is a literal, as in RE2.
  let classFirst = -1;
  for (let i = 0; i < source.length; i++) {
    const char = source[i] as string;
    if (char === '\\') {
      const next = source[i + 1] ?? '';
      if (next === 'Q') {
        // \Q...\E quotes everything up to \E: copy it untouched.
        const end = source.indexOf('\\E', i + 2);
        const stop = end < 0 ? source.length : end + 2;
        out += source.slice(i, stop);
        i = stop - 1;
        continue;
      }
      if (next === 'k' || (/[1-9]/.test(next) && !/[0-7]/.test(source[i + 2] ?? ''))) {
        throw new InvalidRegexError(source, backreferenceReason, i);
      }
      const unicode = /^u(?:\{([0-9A-Fa-f]{1,6})\}|([0-9A-Fa-f]{4}))/.exec(source.slice(i + 1));
      if (unicode !== null) {
        out += `\\x{${unicode[1] ?? unicode[2]}}`;
        i += unicode[0].length;
        continue;
      }
      const property = /^([pP])\{(?:Script|sc|General_Category|gc)=(\w+)\}/.exec(source.slice(i + 1));
      if (property !== null) {
        out += `\\${property[1]}{${property[2]}}`;
        i += property[0].length;
        continue;
      }
      out += char + next;
      i++;
      continue;
    }
    if (inClass) {
      if (char === ']' && i !== classFirst) inClass = false;
      else if (char === '[' && source[i + 1] === ':') {
        const end = source.indexOf(':]', i + 2);
        if (end >= 0) {
          out += source.slice(i, end + 2);
          i = end + 1;
          continue;
        }
      }
    } else if (char === '[') {
      inClass = true;
      classFirst = source[i + 1] === '^' ? i + 2 : i + 1;
    } else if (char === '(' && /^\(\?(?:=|!|<=|<!)/.test(source.slice(i))) {
      throw new InvalidRegexError(source, lookaroundReason, i);
    }
    out += char;
  }
  return out;
}
