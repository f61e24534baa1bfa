import { Minimatch } from 'minimatch';
import { assertGlobBounded, globMatchOptions } from './assertGlobBounded';

/**
 * A list of exclusion globs with .gitignore-like reach: a glob without '/' tests every path segment (so a
 * folder name excludes the folder), a glob with '/' tests the workspace-relative path and each parent.
 * Globs without '/' are also joined into one regular expression, since walks test every entry name.
 */
export class GlobList {
  /** Globs without '/', which ripgrep's --glob understands the same way. */
  readonly segmentGlobs: readonly string[];
  private readonly segmentMatchers: readonly CompiledGlob[];
  private readonly pathMatchers: readonly Minimatch[];
  private readonly anySegment: RegExp | undefined;

  constructor(globs: readonly string[], options: { caseInsensitive: boolean }) {
    const settings = { ...globMatchOptions, nocase: options.caseInsensitive };
    const normalized = globs.map(normalizeGlob).filter((glob) => glob !== '');
    // Settings are bounded like model globs: every listed path is tested against each of them.
    normalized.forEach(assertGlobBounded);
    const entries = normalized.map((glob) => ({ glob, pattern: segmentForm(glob) }));
    const segments = entries.filter(({ pattern }) => !pattern.includes('/'));
    this.segmentGlobs = segments.map(({ pattern }) => pattern);
    this.segmentMatchers = compileAll(segments, settings);
    this.pathMatchers = entries
      .filter(({ pattern }) => pattern.includes('/'))
      .map(({ glob }) => new Minimatch(glob, settings));
    this.anySegment = combine(this.segmentMatchers, options.caseInsensitive);
  }

  /** The glob a single file or folder name matches, if any. */
  matchName(name: string): string | undefined {
    if (this.anySegment === undefined || !this.anySegment.test(name)) return undefined;
    return this.segmentMatchers.find((matcher) => matcher.regex.test(name))?.glob;
  }

  /** The glob with '/' matching the relative path or one of its parent folders, if any. */
  matchPathGlobs(relativePath: string): string | undefined {
    if (this.pathMatchers.length === 0) return undefined;
    for (let slash = relativePath.indexOf('/'); ; slash = relativePath.indexOf('/', slash + 1)) {
      const prefix = slash < 0 ? relativePath : relativePath.slice(0, slash);
      // "dir/**" matches "dir/" but not "dir": test the prefix both as a file and as a folder.
      const hit = this.pathMatchers.find((matcher) => matcher.match(prefix) || matcher.match(`${prefix}/`));
      if (hit !== undefined) return hit.pattern;
      if (slash < 0) return undefined;
    }
  }

  /** The glob matching one of the path's segments, the path, or one of its parent folders. */
  matchPath(relativePath: string): string | undefined {
    for (const segment of relativePath.split('/')) {
      const glob = this.matchName(segment);
      if (glob !== undefined) return glob;
    }
    return this.matchPathGlobs(relativePath);
  }
}

interface CompiledGlob {
  glob: string;
  /** Minimatch's expression: exact for globs without '/' (for "dir/**" it is looser than `match`). */
  regex: RegExp;
}

function compileAll(
  globs: ReadonlyArray<{ glob: string; pattern: string }>,
  settings: typeof globMatchOptions & { nocase: boolean },
): CompiledGlob[] {
  return globs.flatMap(({ glob, pattern }) => {
    const regex = new Minimatch(pattern, settings).makeRe();
    return regex instanceof RegExp ? [{ glob, regex }] : [];
  });
}

// `**/name` and `**/name/**` (VS Code's default excludes are all of this form) reach exactly the entries that
// `name` tested on each path segment reaches, so they are matched as segment globs: a name test per entry instead
// of a path match per entry and each of its parent folders, which on an 80,000-file tree was most of a listing.
function segmentForm(glob: string): string {
  let rest = glob;
  while (rest.startsWith('**/')) rest = rest.slice(3);
  if (rest === glob) return glob;
  if (rest.endsWith('/**')) rest = rest.slice(0, -3);
  return rest !== '' && rest !== '**' && !rest.includes('/') ? rest : glob;
}

/** One expression for a list of globs; `undefined` when the list is empty. */
function combine(compiled: readonly CompiledGlob[], caseInsensitive: boolean): RegExp | undefined {
  if (compiled.length === 0) return undefined;
  return new RegExp(compiled.map(({ regex }) => `(?:${regex.source})`).join('|'), caseInsensitive ? 'i' : '');
}

/** './x' and '/x' are anchored at the root like 'x/...'; a trailing '/' only says "folder". */
function normalizeGlob(glob: string): string {
  return glob.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\/+/, '').replace(/\/+$/, '');
}
