/**
 * A line cut to `maxChars` UTF-16 units for a result, keeping the match in view: the start of the line
 * when the match fits there, else a window that begins a little before the match. "…" marks each cut.
 */
export function clipLine(text: string, maxChars: number, column = 1, length = 0): string {
  if (text.length <= maxChars) return text;
  const matchStart = column - 1;
  let start = matchStart + length <= maxChars ? 0 : Math.max(0, matchStart - Math.floor(maxChars / 4));
  let end = Math.min(text.length, start + maxChars);
  if (isLowSurrogate(text.charCodeAt(start))) start++;
  if (isLowSurrogate(text.charCodeAt(end))) end--;
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
