import { clipLine } from './clipLine';
import type { LineMatch } from './findMatchingLines';
import type { GrepMatch, GrepResult, SkippedFile } from '../workspace';

export interface GrepSettings {
  maxResults: number;
  contextLines: number;
  maxLineChars: number;
  maxFileBytes: number;
  signal?: AbortSignal;
}

/**
 * Gathers matches file by file in tree order for either engine: context lines, line clipping, and the
 * cap, which is known to have cut the search only once one match more than asked was found.
 */
export class GrepCollector {
  readonly matches: GrepMatch[] = [];
  readonly skipped: SkippedFile[] = [];
  truncated = false;

  constructor(private readonly settings: GrepSettings) {}

  /** How many more matching lines to look for: one past the cap, to tell whether the cap cut anything. */
  get wanted(): number {
    return this.truncated ? 0 : this.settings.maxResults + 1 - this.matches.length;
  }

  get done(): boolean {
    return this.wanted <= 0;
  }

  /** Adds one file's matching lines (in line order); `lineAt` gives 1-based lines, undefined past the end. */
  addFile(file: string, found: readonly LineMatch[], lineAt: (line: number) => string | undefined): void {
    const { contextLines, maxLineChars } = this.settings;
    for (const hit of found) {
      if (this.matches.length >= this.settings.maxResults) {
        this.truncated = true;
        return;
      }
      const text = lineAt(hit.line) ?? '';
      const before: string[] = [];
      for (let line = Math.max(1, hit.line - contextLines); line < hit.line; line++) {
        before.push(clipLine(lineAt(line) ?? '', maxLineChars));
      }
      const after: string[] = [];
      for (let line = hit.line + 1; line <= hit.line + contextLines; line++) {
        const next = lineAt(line);
        if (next === undefined) break;
        after.push(clipLine(next, maxLineChars));
      }
      this.matches.push({
        file,
        line: hit.line,
        column: hit.column,
        text: clipLine(text, maxLineChars, hit.column, hit.length),
        before,
        after,
        matchLength: hit.length,
      });
    }
  }

  skip(file: string, reason: SkippedFile['reason']): void {
    this.skipped.push({ file, reason });
  }

  result(engine: GrepResult['engine']): GrepResult {
    return { matches: this.matches, truncated: this.truncated, skipped: this.skipped, engine };
  }
}
