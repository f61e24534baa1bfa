import type { SearchPattern } from '../regex/compileSearchPattern';

/** The first match on a matching line. */
export interface LineMatch {
  /** 1-based. */
  line: number;
  /** 1-based, UTF-16 code units. */
  column: number;
  length: number;
}

/** Line access for a text that found matches: line starts computed on first use, lines sliced on demand. */
export class TextLines {
  private lineStarts: number[] | undefined;

  constructor(readonly text: string) {}

  private get starts(): number[] {
    if (this.lineStarts === undefined) {
      const starts = [0];
      const text = this.text;
      for (let i = text.indexOf('\n'); i >= 0 && i + 1 < text.length; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }

  get count(): number {
    return this.text === '' ? 0 : this.starts.length;
  }

  /** 0-based index of the line holding `offset`. */
  indexAt(offset: number, from = 0): number {
    let low = from;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  start(index: number): number {
    return this.starts[index] as number;
  }

  /** Where the line's content ends: before its '\n' and one '\r'. */
  contentEnd(index: number): number {
    const next = this.starts[index + 1];
    let end = next === undefined ? (this.text.endsWith('\n') ? this.text.length - 1 : this.text.length) : next - 1;
    if (end > this.start(index) && this.text.charCodeAt(end - 1) === 0x0d) end--;
    return end;
  }

  /** The 0-based line's text, as `splitLines` gives it; undefined past the end. */
  line(index: number): string | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return this.text.slice(this.start(index), this.contentEnd(index));
  }
}

const lineBreaksInside = /[\r\u2028\u2029]/;

/**
 * The lines of `text` that match, each with its first match, up to `limit` lines. Candidates come from one
 * whole-text search ('m' flag), then each line is confirmed on its own, so results are exactly those of
 * testing every line separately (which is what ripgrep does) at the speed of one pass.
 */
export function findMatchingLines(lines: TextLines, pattern: SearchPattern, limit: number): LineMatch[] {
  const found: LineMatch[] = [];
  if (lines.text === '' || limit <= 0) return found;
  if (pattern.lineByLine) {
    for (let index = 0; index < lines.count && found.length < limit; index++) {
      const match = pattern.lineRegex.exec(lines.line(index) as string);
      if (match !== null) found.push({ line: index + 1, column: match.index + 1, length: match[0].length });
    }
    return found;
  }
  const regex = pattern.textRegex;
  regex.lastIndex = 0;
  let index = 0;
  while (found.length < limit) {
    const candidate = regex.exec(lines.text);
    if (candidate === null) break;
    index = lines.indexAt(candidate.index, index);
    const start = lines.start(index);
    const end = lines.contentEnd(index);
    const lineText = lines.text.slice(start, end);
    // A candidate that stays inside a plain line is that line's first match; anything else is re-checked.
    if (candidate.index + candidate[0].length <= end && !lineBreaksInside.test(lineText)) {
      found.push({ line: index + 1, column: candidate.index - start + 1, length: candidate[0].length });
    } else {
      const match = pattern.lineRegex.exec(lineText);
      if (match !== null) found.push({ line: index + 1, column: match.index + 1, length: match[0].length });
    }
    if (index + 1 >= lines.count) break;
    regex.lastIndex = lines.start(index + 1);
  }
  return found;
}

/** The first match in one line of text, for confirming ripgrep's candidates. */
export function matchLine(pattern: SearchPattern, lineText: string): { column: number; length: number } | undefined {
  const match = pattern.lineRegex.exec(lineText);
  return match === null ? undefined : { column: match.index + 1, length: match[0].length };
}
