import { Minimatch } from 'minimatch';
import { assertGlobBounded, globMatchOptions } from './assertGlobBounded';

/** The `glob` argument of listFiles and grep, compiled once. */
export interface GlobArgument {
  readonly glob: string;
  /** Tested on the root-relative path and on the displayed path (which starts with the root name in multi-root). */
  matches(relativePath: string, displayPath: string): boolean;
  /** A basename glob ripgrep can pre-filter with (`--type-add`) without ever leaving out a file that `matches`. */
  readonly ripgrepBasenameGlob?: string;
}

/**
 * Minimatch syntax with two conveniences: a glob without '/' matches the file name at any depth ("*.ts"),
 * and a plain folder path ("src/core", "src/") matches everything below it. Bounded first (`assertGlobBounded`):
 * the glob comes from model code.
 */
export function compileGlobArgument(glob: string | undefined): GlobArgument | undefined {
  const cleaned = (glob ?? '').trim().replace(/\\/g, '/').replace(/^\.\//, '');
  if (cleaned === '' || cleaned === '**' || cleaned === '**/*') return undefined;
  assertGlobBounded(cleaned);
  const pattern = cleaned.endsWith('/') ? `${cleaned}**` : cleaned;
  const matcher = new Minimatch(pattern, { ...globMatchOptions, matchBase: !pattern.includes('/') });
  const folderPrefix = hasMagic(pattern) ? undefined : `${pattern.replace(/\/+$/, '')}/`;
  const test = (path: string): boolean =>
    matcher.match(path) || (folderPrefix !== undefined && path.startsWith(folderPrefix));
  return {
    glob: cleaned,
    matches: (relativePath, displayPath) => test(relativePath) || (displayPath !== relativePath && test(displayPath)),
    ripgrepBasenameGlob:
      /^[\w.*?{},-]+$/.test(pattern) && hasMagic(pattern) && !pattern.includes('**') ? pattern : undefined,
  };
}

function hasMagic(glob: string): boolean {
  return /[*?[\]{}!]/.test(glob);
}
