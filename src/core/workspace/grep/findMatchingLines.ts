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

/** Lines tested together before any is tested alone: most blocks of a matching file hold no match. */
const blockLines = 64;

/**
 * The lines of `text` that match, each with its first match, up to `limit` lines, exactly as testing every
 * line on its own (which is what ripgrep does). The whole text, then each block of lines, is tested first
 * with ^ and $ at line ends: a line that matches alone matches there too, so a text or block without a match
 * is ruled out in one fast pass. Not for a text with '\r', where a line's "$" may sit before the "\r" the
 * line drops.
 */
export function findMatchingLines(lines: TextLines, pattern: SearchPattern, limit: number): LineMatch[] {
  const found: LineMatch[] = [];
  if (lines.text === '' || limit <= 0) return found;
  const textRegex = lines.text.includes('\r') ? undefined : pattern.textRegex;
  if (textRegex !== undefined && !textRegex.test(lines.text)) return found;
  for (let index = 0; index < lines.count && found.length < limit; index++) {
    if (textRegex !== undefined && index % blockLines === 0) {
      const last = Math.min(lines.count, index + blockLines) - 1;
      if (!textRegex.test(lines.text.slice(lines.start(index), lines.contentEnd(last)))) {
        index = last;
        continue;
      }
    }
    const hit = matchLine(pattern, lines.line(index) as string);
    if (hit !== undefined) found.push({ line: index + 1, ...hit });
  }
  return found;
}

/** The first match in one line of text (columns in UTF-16 units), for either engine. */
export function matchLine(pattern: SearchPattern, lineText: string): { column: number; length: number } | undefined {
  // test() runs RE2's fast DFA; only lines that match pay for the match position.
  if (!pattern.lineRegex.test(lineText)) return undefined;
  const matcher = pattern.lineRegex.matcher(lineText);
  if (!matcher.find()) return undefined;
  return { column: matcher.start() + 1, length: matcher.end() - matcher.start() };
}
