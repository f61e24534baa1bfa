/** A `path:line` or `path:start-end` cited in an answer. */
export interface Citation {
  file: string;
  startLine: number;
  endLine: number;
}

// A relative path with an extension, then :line or :start-end; not preceded by a URL scheme or another path character.
const citationPattern = /(?<![\w/.:-])((?:[\w@.-]+\/)*[\w@-][\w@.-]*\.[A-Za-z0-9]+):(\d+)(?:-(\d+))?/g;

/** The distinct citations of an answer, in order, at most `limit`. */
export function findCitations(text: string, limit = 50): Citation[] {
  const seen = new Set<string>();
  const found: Citation[] = [];
  for (const match of text.matchAll(citationPattern)) {
    const startLine = Number(match[2]);
    const endLine = match[3] === undefined ? startLine : Number(match[3]);
    if (startLine < 1 || endLine < startLine) continue;
    const key = `${match[1]}:${startLine}-${endLine}`;
    if (seen.has(key)) continue;
    seen.add(key);
    found.push({ file: match[1], startLine, endLine });
    if (found.length >= limit) break;
  }
  return found;
}
