/**
 * Where in the pattern V8's complaint points, for the common complaints; `undefined` when unsure.
 * Scans like the parser does: escapes skip a character, and nothing inside [...] opens or closes groups.
 */
export function locateRegexError(pattern: string, reason: string): number | undefined {
  const text = reason.toLowerCase();
  if (text.includes('\\ at end')) return pattern.length - 1;
  const opened: number[] = [];
  let classStart = -1;
  let canRepeat = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === '\\') {
      canRepeat = true;
      i++;
      continue;
    }
    if (classStart >= 0) {
      if (char === ']') {
        classStart = -1;
        canRepeat = true;
      } else if (text.includes('range out of order') && pattern[i + 1] === '-' && pattern[i + 2] !== undefined && pattern[i + 2] !== ']') {
        if (pattern[i + 2] !== '\\' && (pattern[i + 2] as string) < char) return i;
      }
      continue;
    }
    if (char === '[') classStart = i;
    else if (char === '(') {
      opened.push(i);
      if (text.includes('invalid group') && pattern[i + 1] === '?' && !/^\?(?::|=|!|<=|<!|<[A-Za-z_$])/.test(pattern.slice(i + 1))) return i;
      canRepeat = false;
      continue;
    } else if (char === ')') {
      if (opened.pop() === undefined && text.includes("unmatched ')'")) return i;
    } else if (char === '|') {
      canRepeat = false;
      continue;
    } else if ('*+?'.includes(char) || (char === '{' && /^\{\d+(,\d*)?\}/.test(pattern.slice(i)))) {
      if (!canRepeat && text.includes('nothing to repeat')) return i;
      const braced = /^\{(\d+)(?:,(\d*))?\}/.exec(pattern.slice(i));
      if (braced !== null) {
        if (braced[2] && Number(braced[1]) > Number(braced[2]) && text.includes('out of order in {}')) return i;
        i += braced[0].length - 1;
      }
      canRepeat = false;
      if (pattern[i + 1] === '?') i++;
      continue;
    } else if (char === '^' || char === '$') {
      canRepeat = false;
      continue;
    }
    canRepeat = true;
  }
  if (text.includes('unterminated character class') && classStart >= 0) return classStart;
  if (text.includes('unterminated group') && opened.length > 0) return opened[opened.length - 1];
  return undefined;
}
