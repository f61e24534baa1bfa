import { locateRegexError } from './locateRegexError';
import { parseJsRegex } from './parseJsRegex';
import { hasLookaround } from './regexSyntax';
import { toRipgrepRegex } from './toRipgrepRegex';
import { InvalidRegexError } from '../errors/invalidRegexError';

/** A grep pattern compiled once for both search engines. */
export interface SearchPattern {
  readonly source: string;
  readonly caseSensitive: boolean;
  /** Compiled with the `u` flag (so \p{L} and astral characters work); patterns only valid without it run without it. */
  readonly unicode: boolean;
  /** Flags 'gm': finds candidate matches in a whole file at once. Fresh per search, as it holds `lastIndex`. */
  readonly textRegex: RegExp;
  /** No 'g': decides whether one line matches, and where. */
  readonly lineRegex: RegExp;
  /** Lookarounds could see past a line end in whole-file search, so such patterns run line by line. */
  readonly lineByLine: boolean;
  /** For ripgrep: matches at least the lines this pattern matches (see `toRipgrepRegex`). */
  readonly ripgrepPattern: string;
}

/**
 * JavaScript regex syntax, tried in u mode first and then with the lenient legacy syntax, so that both
 * `\p{L}` and habits like `\-` or `\"` work. Case-insensitive unless asked.
 */
export function compileSearchPattern(source: string, options: { caseSensitive?: boolean } = {}): SearchPattern {
  const caseSensitive = options.caseSensitive ?? false;
  const flags = caseSensitive ? '' : 'i';
  let unicode = true;
  let lineRegex: RegExp;
  try {
    lineRegex = new RegExp(source, `${flags}u`);
  } catch {
    unicode = false;
    try {
      lineRegex = new RegExp(source, flags);
    } catch (error) {
      const reason = describeSyntaxError(error);
      throw new InvalidRegexError(source, reason, locateRegexError(source, reason));
    }
  }
  const tree = parseJsRegex(source, unicode);
  return {
    source,
    caseSensitive,
    unicode,
    textRegex: new RegExp(source, `gm${flags}${unicode ? 'u' : ''}`),
    lineRegex,
    lineByLine: hasLookaround(tree),
    ripgrepPattern: toRipgrepRegex(tree, { unicode, caseInsensitive: !caseSensitive }),
  };
}

/** V8 says "Invalid regular expression: /a(/: Unterminated group"; keep the last part, lower-cased. */
function describeSyntaxError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
  return reason.charAt(0).toLowerCase() + reason.slice(1);
}
