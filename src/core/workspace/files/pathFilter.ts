import { GlobList } from './globList';
import { defaultExcludeNames, vcsFolderNames } from '../limits';

export interface PathFilterConfig {
  secretFileGlobs: readonly string[];
  excludeGlobs: readonly string[];
  /** Folder and file names always left out; defaults to `defaultExcludeNames`. */
  excludeNames?: readonly string[];
}

/**
 * What every listing and search leaves out besides .gitignore: secret-looking files (case-insensitive,
 * they are refused even when asked for by name) and excluded names and globs.
 */
export class PathFilter {
  private readonly secrets: GlobList;
  private readonly excludes: GlobList;

  constructor(config: PathFilterConfig) {
    this.secrets = new GlobList(config.secretFileGlobs, { caseInsensitive: true });
    this.excludes = new GlobList([...(config.excludeNames ?? defaultExcludeNames), ...config.excludeGlobs], {
      caseInsensitive: false,
    });
  }

  /**
   * The version-control folder (.git, .hg, .svn, any case) the path is in or is, if any: never listed,
   * searched or read, whatever the exclude settings say.
   */
  vcsFolderFor(relativePath: string): string | undefined {
    return relativePath.split('/').find((segment) => vcsFolderNames.includes(segment.toLowerCase()));
  }

  /** The secret-file glob that matches the path (or one of its folders), if any. */
  secretGlobFor(relativePath: string): string | undefined {
    return this.secrets.matchPath(relativePath);
  }

  /** The full check for a file found by any means (ripgrep, an editor's file search). */
  allowsFile(relativePath: string): boolean {
    return (
      this.vcsFolderFor(relativePath) === undefined &&
      this.excludes.matchPath(relativePath) === undefined &&
      this.secrets.matchPath(relativePath) === undefined
    );
  }

  /** Checked per entry while walking: the entry's own name is neither excluded nor secret. */
  allowsName(name: string): boolean {
    return (
      !vcsFolderNames.includes(name.toLowerCase()) &&
      this.excludes.matchName(name) === undefined &&
      this.secrets.matchName(name) === undefined
    );
  }

  /** Checked per entry while walking, after `allowsName` (parents were checked on the way down). */
  allowsWalkedPath(relativePath: string): boolean {
    return (
      this.excludes.matchPathGlobs(relativePath) === undefined &&
      this.secrets.matchPathGlobs(relativePath) === undefined
    );
  }

  /**
   * ripgrep flags that exclude a subset of what this filter excludes (the globs without '/', which ripgrep
   * reads the same way); results are still checked with `allowsFile`, so nothing excluded gets through.
   */
  ripgrepArgs(): string[] {
    return [
      ...vcsFolderNames.flatMap((name) => ['--iglob', `!${name}`]),
      ...this.excludes.segmentGlobs.flatMap((glob) => ['--glob', `!${glob}`]),
      ...this.secrets.segmentGlobs.flatMap((glob) => ['--iglob', `!${glob}`]),
    ];
  }
}
