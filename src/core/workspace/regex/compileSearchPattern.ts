import { RE2JS, RE2JSException } from 're2js';
import { maxPatternInstructions, readPatternSyntax } from './readPatternSyntax';
import { toRipgrepPattern } from './toRipgrepPattern';
import { InvalidRegexError } from '../errors/invalidRegexError';

/** A grep pattern compiled once for both search engines. */
export interface SearchPattern {
  readonly source: string;
  readonly caseSensitive: boolean;
  /** Decides whether one line matches, and where: linear time in the line, whatever the pattern. */
  readonly lineRegex: RE2JS;
  /**
   * The same pattern with ^ and $ at every line: a whole text without a match has no matching line, so
   * most files are ruled out in one fast pass. Undefined when the pattern anchors at the text's ends
   * (\A, \z), where a whole text and its lines differ.
   */
  readonly textRegex: RE2JS | undefined;
  /** For ripgrep: matches at least the lines this pattern matches; undefined when only the JS engine can search. */
  readonly ripgrepPattern: string | undefined;
}

/**
 * RE2 syntax (see `readPatternSyntax` for the JavaScript habits it also takes), matched by re2js, a port
 * of RE2: time linear in the text, so no pattern can stall the host. Case-insensitive unless asked.
 */
export function compileSearchPattern(source: string, options: { caseSensitive?: boolean } = {}): SearchPattern {
  const caseSensitive = options.caseSensitive ?? false;
  const syntax = readPatternSyntax(source);
  const flags = caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE;
  let lineRegex: RE2JS;
  try {
    lineRegex = RE2JS.compile(syntax, flags);
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    const { reason, fragment } = describeSyntaxError(error);
    const position = fragment === undefined || fragment === syntax ? undefined : source.indexOf(fragment);
    throw new InvalidRegexError(source, reason, position === undefined || position < 0 ? undefined : position);
  }
  // Matching time is linear in the text times the program's size: bound the size too.
  if (lineRegex.programSize() > maxPatternInstructions) {
    throw new InvalidRegexError(
      source,
      `the pattern compiles to ${lineRegex.programSize()} instructions, over the limit of ${maxPatternInstructions}; use smaller repeat counts ({n}) or fewer alternatives`,
    );
  }
  return {
    source,
    caseSensitive,
    lineRegex,
    textRegex: /\\[Az]/.test(syntax) ? undefined : RE2JS.compile(syntax, flags | RE2JS.MULTILINE),
    ripgrepPattern: toRipgrepPattern(syntax),
  };
}

/** re2js says "error parsing regexp: missing closing ]: `[a`": the reason, and the part it points at. */
function describeSyntaxError(error: RE2JSException): { reason: string; fragment?: string } {
  const match = /^(?:error parsing regexp: )?(.*?)(?:: `(.*)`)?$/s.exec(error.message);
  return { reason: match?.[1] ?? error.message, fragment: match?.[2] };
}
