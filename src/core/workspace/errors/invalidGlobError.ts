import { WorkspaceError } from './workspaceError';

/** A glob refused before matching: too long, too many brace expansions, too many wildcards or too deeply nested. */
export class InvalidGlobError extends WorkspaceError {
  readonly code = 'invalid-glob';

  constructor(
    readonly glob: string,
    /** What is over which limit, e.g. "it has 12 '*' wildcards, over the limit of 8". */
    readonly reason: string,
  ) {
    super(
      `invalid glob ${JSON.stringify(glob.length > 120 ? `${glob.slice(0, 120)}…` : glob)}: ${reason}. Globs are ` +
        'bounded so that matching stays fast: use a simpler glob, e.g. "src/**/*.ts" or "*.{ts,tsx}", and filter the ' +
        'list in code if you need more.',
    );
  }
}
