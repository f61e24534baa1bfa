/**
 * The workspace as the model's external memory: list, search and read files, never more than asked.
 * Paths are workspace-relative with forward slashes; with several roots they start with the root's name.
 */
export interface Workspace {
  /** The roots in order; a single-root workspace has one. */
  readonly roots: readonly WorkspaceRoot[];
  /** Throws `InvalidGlobError` for a glob over the bounds of `globLimits`. */
  listFiles(glob?: string, options?: ListOptions): Promise<FileList>;
  /**
   * `pattern` is RE2 syntax, matched in time linear in the text (see `compileSearchPattern`); a pattern RE2
   * does not accept (lookaround, backreferences) throws `InvalidRegexError` saying so.
   */
  grep(pattern: string, options?: GrepOptions): Promise<GrepResult>;
  /** Regular files only, never inside .git, .hg or .svn, never a secret file; errors name workspace paths only. */
  readFile(path: string, options?: ReadOptions): Promise<FileRead>;
  /**
   * Where a workspace file really is, after the same checks as a read (inside a root, symlinks followed,
   * not a secret file): for opening a path that came from a webview or from model output.
   */
  locate(path: string): Promise<LocatedFile>;
}

export interface LocatedFile {
  /** Absolute real path on disk. */
  fsPath: string;
  displayPath: string;
}

export interface WorkspaceRoot {
  /** Shown to the model and used as the path prefix when there is more than one root. */
  readonly name: string;
  /** Absolute file-system path of the root. */
  readonly fsPath: string;
}

export interface ListOptions {
  /** Cap on returned paths; the rest is counted in `omitted`. */
  maxResults?: number;
  signal?: AbortSignal;
}

export interface FileList {
  /** Sorted workspace-relative paths. */
  files: string[];
  /** Total number of matching files, including those past the cap. */
  total: number;
  /** How many matching files were left out by the cap ("and N more"). */
  omitted: number;
  /** Set when the listing is empty or nearly so because .gitignore rules hide most files: which rules, and what to do. */
  hidden?: HiddenFilesReport;
  /** Set when .gitignore rules were not applied because matching them could take too long: which, and why. */
  skippedIgnoreRules?: SkippedIgnoreRulesReport;
}

/** .gitignore rules a listing left out (over the glob bounds), so files they would hide may be listed. */
export interface SkippedIgnoreRulesReport {
  /** How many rules were left out. */
  count: number;
  /** The first few in tree order: the .gitignore (display path), its line, the rule (clipped) and what is over which bound. */
  rules: Array<{ file: string; line: number; pattern: string; reason: string }>;
  /** One sentence naming the rule(s) and saying what to do. */
  message: string;
}

/** The .gitignore rules behind a (nearly) empty listing. */
export interface HiddenFilesReport {
  /** Files the rules hide (that the listing's glob would match). */
  hiddenFiles: number;
  /** True when the tree was too large to count every hidden file ("at least"). */
  partial: boolean;
  /** The rules hiding the most files, most first: the .gitignore (display path), its line and the rule. */
  rules: Array<{ file: string; line: number; pattern: string; hiddenFiles: number }>;
  /** One sentence naming the rule(s) and saying what to do. */
  message: string;
}

export interface GrepOptions {
  /** Only files matching this glob (minimatch syntax without extglob groups, workspace-relative, bounded). */
  glob?: string;
  /** Default false: case-insensitive unless asked. */
  caseSensitive?: boolean;
  /** Cap on matches returned: the first ones in tree order (path, then line), whichever engine searches. */
  maxResults?: number;
  /** Lines of context before and after each match. */
  contextLines?: number;
  signal?: AbortSignal;
}

export interface GrepMatch {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units of the line text. */
  column: number;
  /** The line, clipped to `maxLineChars` around the match ("…" marks a cut). */
  text: string;
  /** Up to `contextLines` lines before and after the match, in file order, clipped like `text`. */
  before: string[];
  after: string[];
  /** Length of the first match on the line in UTF-16 code units (0 for an empty match). */
  matchLength?: number;
}

export interface GrepResult {
  matches: GrepMatch[];
  /** True when `maxResults` cut the search short. */
  truncated: boolean;
  /**
   * Files not searched and why (binary, too large, unreadable, holding a private key), for the caller to report.
   * The JavaScript engine knows every such file; ripgrep only tells of unreadable files and of binary or
   * private-key files in which it had found matches (it skips the others silently). Matches never differ.
   */
  skipped: SkippedFile[];
  /** Which search did the work: ripgrep or the JavaScript fallback. */
  engine: 'ripgrep' | 'js';
}

export interface SkippedFile {
  file: string;
  /** 'private-key': the text holds a private key, so none of it is shown (as a read refuses it). */
  reason: 'binary' | 'too-large' | 'unreadable' | 'private-key';
}

export interface ReadOptions {
  /** 1-based, inclusive. Default 1. */
  startLine?: number;
  /** 1-based, inclusive. Default: startLine + maxReadLines - 1. */
  endLine?: number;
}

export interface FileRead {
  file: string;
  startLine: number;
  endLine: number;
  totalLines: number;
  /** The lines, each prefixed with its 1-based number ("  12| text"). */
  text: string;
  /** Set when the read was cut by the line or byte cap: says how to read the rest. */
  truncationNote?: string;
}

/** Settings shared by every adapter; defaults live in `defaultWorkspaceLimits`. */
export interface WorkspaceLimits {
  maxListedFiles: number;
  maxFileBytes: number;
  maxReadLines: number;
  maxReadBytes: number;
  maxGrepResults: number;
  /** Longest line text a grep match or context line carries; longer lines are clipped around the match. */
  maxLineChars?: number;
  /** Upper bound on `GrepOptions.contextLines`. */
  maxContextLines?: number;
  /** Globs (basename when they have no slash, else workspace-relative) for files never listed, searched or read. */
  secretFileGlobs: readonly string[];
  /** Extra globs to leave out of listings and searches, on top of `.gitignore` and the default excludes. */
  excludeGlobs: readonly string[];
}
