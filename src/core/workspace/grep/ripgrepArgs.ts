export interface RipgrepArgsOptions {
  /** From `SearchPattern.ripgrepPattern`. */
  pattern: string;
  caseSensitive: boolean;
  contextLines: number;
  maxFileBytes: number;
  /** Matching lines to report per file at most: more than the result can use is wasted work. */
  maxCountPerFile: number;
  /** Extra exclusions, e.g. `PathFilter.ripgrepArgs()`. */
  excludeArgs: readonly string[];
  /** A basename glob that narrows the files searched (`GlobArgument.ripgrepBasenameGlob`). */
  basenameGlob?: string;
}

/**
 * Flags that make ripgrep walk a root the way `walkFiles` does: only .gitignore files count (no .ignore,
 * .rgignore, global or parent-folder rules, git repository or not), hidden files are searched, symlinks are
 * not followed, and no user config file changes any of it. Files are searched in parallel (no --sort, which
 * makes ripgrep single-threaded); the caller sorts the results. Lines keep their '\r' (no --crlf, which would make ripgrep
 * refuse or skip every '\r' in the pattern); the '\r' is dropped when lines are read back.
 */
export function buildRipgrepArgs(options: RipgrepArgsOptions): string[] {
  const args = [
    '--json',
    '--no-config',
    '--hidden',
    '--no-require-git',
    '--no-ignore-dot',
    '--no-ignore-exclude',
    '--no-ignore-global',
    '--no-ignore-parent',
    options.caseSensitive ? '--case-sensitive' : '--ignore-case',
    '--max-filesize',
    String(options.maxFileBytes),
    '--max-count',
    String(options.maxCountPerFile),
  ];
  if (options.contextLines > 0) args.push('--context', String(options.contextLines));
  args.push(...options.excludeArgs);
  // A type filter, unlike a positive --glob, does not bring back files that .gitignore leaves out.
  if (options.basenameGlob !== undefined)
    args.push('--type-add', `rlmglob:${options.basenameGlob}`, '--type', 'rlmglob');
  args.push('--regexp', options.pattern, '--', '.');
  return args;
}
