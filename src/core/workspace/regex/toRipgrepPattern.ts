/**
 * A ripgrep (Rust regex) pattern that matches at least every line the RE2 pattern matches, or undefined
 * when the pattern uses syntax this translation does not cover (the JavaScript engine then searches).
 * The two syntaxes are nearly the same; what differs is rewritten: Perl classes and word boundaries are
 * Unicode-aware in Rust and ASCII in RE2, Rust gives '&&', '--', '~~' and '[' inside classes a meaning,
 * refuses escapes of non-meta punctuation, octal escapes, \Q...\E, '(?<name>' (before ripgrep 14), literal
 * braces and any '\n'. Lines ripgrep reports are re-checked with RE2, so only "at least" matters.
 * Expects a pattern RE2 accepted.
 */
export function toRipgrepPattern(source: string): string | undefined {
  let out = '';
  for (let i = 0; i < source.length;) {
    const char = source.codePointAt(i) as number;
    const text = String.fromCodePoint(char);
    if (text === '\\') {
      const escape = readEscape(source, i);
      if (escape === undefined) return undefined;
      out += escape.ripgrep;
      i = escape.end;
    } else if (text === '[') {
      const set = readClass(source, i);
      if (set === undefined) return undefined;
      out += set.ripgrep;
      i = set.end;
    } else if (text === '{') {
      const repeat = /^\{\d+(?:,\d*)?\}/.exec(source.slice(i));
      out += repeat === null ? '\\{' : repeat[0];
      i += repeat === null ? 1 : repeat[0].length;
    } else if (text === '$') {
      // A line read back drops its '\r'; ripgrep still sees it, before which '$' does not match.
      out += '(?:\\r?$)';
      i++;
    } else if (text === '\n') {
      out += nothing;
      i++;
    } else if (text === '}') {
      out += '\\}';
      i++;
    } else if (source.startsWith('(?<', i) || source.startsWith('(?P<', i)) {
      // Names do not change what matches; dropping them spares ripgrep 13 the '(?<name>' spelling.
      const close = source.indexOf('>', i);
      if (close < 0) return undefined;
      out += '(';
      i = close + 1;
    } else {
      out += text;
      i += text.length;
    }
  }
  // A process argument cannot hold a NUL character (spawning ripgrep would throw): the JavaScript engine searches.
  return out.includes('\0') ? undefined : out;
}

interface Piece {
  ripgrep: string;
  end: number;
}

/** Never matches: a line cannot hold '\n', which ripgrep refuses in a pattern. */
const nothing = '(?:\\zx)';

const asciiClasses: Record<string, { inside: string; outside: string }> = {
  d: { inside: '0-9', outside: '[0-9]' },
  D: { inside: '[^0-9]', outside: '[^0-9]' },
  w: { inside: '0-9A-Za-z_', outside: '[0-9A-Za-z_]' },
  W: { inside: '[^0-9A-Za-z_]', outside: '[^0-9A-Za-z_]' },
  s: { inside: '\\t\\x0C\\r ', outside: '[\\t\\x0C\\r ]' },
  S: { inside: '[^\\t\\n\\x0C\\r ]', outside: '[^\\t\\n\\x0C\\r ]' },
};

/** An escape outside a class. */
function readEscape(source: string, at: number): Piece | undefined {
  const next = source[at + 1] ?? '';
  const ascii = asciiClasses[next];
  if (ascii !== undefined) return { ripgrep: ascii.outside, end: at + 2 };
  if (next === 'b' || next === 'B') return { ripgrep: `(?-u:\\${next})`, end: at + 2 };
  if (next === 'A') return { ripgrep: '\\A', end: at + 2 };
  if (next === 'z') return { ripgrep: '(?:\\r?\\z)', end: at + 2 };
  if (next === 'Q') {
    const close = source.indexOf('\\E', at + 2);
    const literal = source.slice(at + 2, close < 0 ? source.length : close);
    return {
      ripgrep: [...literal].map((char) => (char === '\n' ? nothing : literalOutside(char))).join(''),
      end: close < 0 ? source.length : close + 2,
    };
  }
  if (next === 'p' || next === 'P') {
    const property = /^\\[pP](?:\{[^}]*\}|[A-Za-z])/.exec(source.slice(at));
    return property === null ? undefined : { ripgrep: property[0], end: at + property[0].length };
  }
  const char = readEscapedChar(source, at);
  if (char === undefined) return undefined;
  return { ripgrep: char.value === 0x0a ? nothing : literalOutside(String.fromCodePoint(char.value)), end: char.end };
}

/** An escape that stands for one character (\x41, \x{1F600}, \101, \n, \.), as RE2 reads it. */
function readEscapedChar(source: string, at: number): { value: number; end: number } | undefined {
  const rest = source.slice(at + 1);
  const hex = /^x(?:\{([0-9A-Fa-f]+)\}|([0-9A-Fa-f]{2}))/.exec(rest);
  if (hex !== null) return { value: parseInt((hex[1] ?? hex[2]) as string, 16), end: at + 1 + hex[0].length };
  const octal = /^[0-7]{1,3}/.exec(rest);
  if (octal !== null) return { value: parseInt(octal[0], 8), end: at + 1 + octal[0].length };
  const named: Record<string, number> = { a: 0x07, f: 0x0c, t: 0x09, n: 0x0a, r: 0x0d, v: 0x0b };
  const next = rest.codePointAt(0);
  if (next === undefined) return undefined;
  const letter = String.fromCodePoint(next);
  if (named[letter] !== undefined) return { value: named[letter] as number, end: at + 2 };
  // RE2 takes any other escaped punctuation literally; letters and digits were covered above.
  if (/[A-Za-z0-9]/.test(letter)) return undefined;
  return { value: next, end: at + 1 + letter.length };
}

/** A bracketed class, item by item, re-spelled so that Rust reads it as RE2 does. */
function readClass(source: string, at: number): Piece | undefined {
  let i = at + 1;
  const negated = source[i] === '^';
  if (negated) i++;
  const items: string[] = [];
  for (let first = true; ; first = false) {
    if (i >= source.length) return undefined;
    if (source[i] === ']' && !first) break;
    const posix = /^\[:\^?[a-z]+:\]/.exec(source.slice(i));
    if (posix !== null) {
      items.push(posix[0]);
      i += posix[0].length;
      continue;
    }
    if (source[i] === '\\') {
      const next = source[i + 1] ?? '';
      const ascii = asciiClasses[next];
      if (ascii !== undefined) {
        items.push(ascii.inside);
        i += 2;
        continue;
      }
      const property = /^\\[pP](?:\{[^}]*\}|[A-Za-z])/.exec(source.slice(i));
      if (property !== null) {
        items.push(property[0]);
        i += property[0].length;
        continue;
      }
    }
    const low = readClassChar(source, i);
    if (low === undefined) return undefined;
    i = low.end;
    if (source[i] === '-' && source[i + 1] !== ']' && i + 1 < source.length) {
      const high = readClassChar(source, i + 1);
      if (high === undefined) return undefined;
      items.push(`${literalInside(low.value)}-${literalInside(high.value)}`);
      i = high.end;
    } else if (low.value !== 0x0a || negated) {
      // A lone '\n' cannot match inside a line, and ripgrep refuses it.
      items.push(literalInside(low.value));
    }
  }
  if (items.length === 0) return { ripgrep: negated ? '[^\\n]' : nothing, end: i + 1 };
  return { ripgrep: `[${negated ? '^' : ''}${items.join('')}]`, end: i + 1 };
}

function readClassChar(source: string, at: number): { value: number; end: number } | undefined {
  if (source[at] === '\\') return readEscapedChar(source, at);
  const value = source.codePointAt(at);
  return value === undefined ? undefined : { value, end: at + String.fromCodePoint(value).length };
}

/** Rust's meta characters, the only punctuation it lets a backslash escape. */
const rustMeta = new Set('\\.+*?()|[]{}^$#&-~');

function literalOutside(char: string): string {
  if (rustMeta.has(char)) return `\\${char}`;
  return printable(char) ? char : `\\x{${(char.codePointAt(0) as number).toString(16)}}`;
}

function literalInside(value: number): string {
  return literalOutside(String.fromCodePoint(value));
}

function printable(char: string): boolean {
  return !/[\p{C}\s]/u.test(char) || char === ' ';
}
