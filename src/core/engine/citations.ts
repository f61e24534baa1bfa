/** `path:line`, `path:start-end` and `path:line:col` citations in answer text: links in the chat panel, references for @rlm. */
/** A `path:line`, `path:start-end` or `path:line:col` reference found in answer text. */
export interface CitationMatch {
  /** Offsets in the searched text: `text.slice(start, end)` is the citation as written. */
  start: number;
  end: number;
  /** The workspace-relative path, without a leading `./`. */
  file: string;
  startLine: number;
  endLine: number;
  column?: number;
}

// A path token (no spaces, no scheme), then `:line`, and either `-end` or `:col`. The lookbehind keeps a match from
// starting inside a longer token (a URL's host, `file:x`); the lookahead keeps `x.ts:12abc` and `host:80/path` out.
const citationPattern = /(?<![\w./@+~:\\-])((?:\.\/)?[\w@+~.-][\w@+~./-]*):(\d+)(?:[-\u2013](\d+)|:(\d+))?(?![\w/])/g;

const extension = /\.[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*$/;

/** True when `path` looks like a file: it has a directory separator or an extension with a letter in it. */
function looksLikePath(path: string): boolean {
  if (path.includes('//') || path.endsWith('/') || path.endsWith('.')) return false;
  const lastSegment = path.slice(path.lastIndexOf('/') + 1);
  return path.includes('/') ? /[A-Za-z]/.test(path) : extension.test(lastSegment);
}

/** Every citation in `text`, in order. Trailing punctuation (`.`, `,`, `)`) is never part of a match. */
export function findCitations(text: string): CitationMatch[] {
  const matches: CitationMatch[] = [];
  for (const m of text.matchAll(citationPattern)) {
    const [whole, rawPath, line, rangeEnd, column] = m;
    if (!looksLikePath(rawPath)) continue;
    const startLine = Number(line);
    if (startLine < 1) continue;
    const end = rangeEnd === undefined ? startLine : Number(rangeEnd);
    const match: CitationMatch = {
      start: m.index,
      end: m.index + whole.length,
      file: rawPath.startsWith('./') ? rawPath.slice(2) : rawPath,
      startLine,
      // A reversed range (`a.ts:9-3`) cites its first line only.
      endLine: end >= startLine ? end : startLine,
    };
    if (column !== undefined) match.column = Number(column);
    matches.push(match);
  }
  return matches;
}

/** The citation when `text` is exactly one (inline code such as `src/a.ts:3-9`), else undefined. */
export function wholeCitation(text: string): CitationMatch | undefined {
  const trimmed = text.trim();
  const [only] = findCitations(trimmed);
  return only && only.start === 0 && only.end === trimmed.length ? only : undefined;
}

/** The distinct cited ranges of an answer, in order, at most `limit` (for references next to the answer). */
export function distinctCitations(text: string, limit = 50): { file: string; startLine: number; endLine: number }[] {
  const seen = new Set<string>();
  const found: { file: string; startLine: number; endLine: number }[] = [];
  for (const { file, startLine, endLine } of findCitations(text)) {
    const key = `${file}:${startLine}-${endLine}`;
    if (seen.has(key)) continue;
    seen.add(key);
    found.push({ file, startLine, endLine });
    if (found.length >= limit) break;
  }
  return found;
}
