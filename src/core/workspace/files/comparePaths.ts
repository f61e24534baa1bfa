/**
 * Tree order for '/'-separated paths: segment by segment, in Unicode code point order (the order of the
 * UTF-8 name bytes). Both search engines sort their results this way, so they agree.
 */
export function comparePaths(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A segment that ends first sorts first: '/' ranks below every other character.
    if (x === 0x2f) return -1;
    if (y === 0x2f) return 1;
    return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** UTF-16 order differs from code point order only between surrogates and U+E000..U+FFFF. */
function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}
