import { WorkspaceError } from './workspaceError';

/** The grep pattern is not a valid regular expression in RE2 syntax, or uses what RE2 leaves out (lookaround, backreferences). */
export class InvalidRegexError extends WorkspaceError {
  readonly code = 'invalid-regex';

  constructor(
    readonly pattern: string,
    /** What the regex parser objected to, e.g. "missing closing )". */
    readonly reason: string,
    /** 0-based offset in `pattern` of the offending character, when it could be located. */
    readonly position?: number,
  ) {
    super(
      `invalid regex ${JSON.stringify(pattern)}: ${reason}${position === undefined ? '' : ` at position ${position} (${pointAt(pattern, position)})`}. ` +
        'Fix the pattern, or escape characters such as ( ) [ ] { } . * + ? | \\ with a backslash to match them literally.',
    );
  }
}

function pointAt(pattern: string, position: number): string {
  return `${pattern.slice(0, position)}▸${pattern.slice(position)}`;
}
