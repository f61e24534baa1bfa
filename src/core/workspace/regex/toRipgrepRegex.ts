import type { ClassEscape, ClassItem, RegexNode } from './regexSyntax';
import { lookaroundKinds } from './regexSyntax';

/** JavaScript's \s: Unicode White_Space without U+0085, plus U+FEFF. */
const jsWhitespace = '\\x{9}-\\x{D}\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';
const classEscapeBodies: Record<'d' | 'w' | 's', string> = { d: '0-9', w: '0-9A-Za-z_', s: jsWhitespace };
/** Matches nowhere: a position cannot be both an ASCII word boundary and not one. */
const never = '(?-u:\\b\\B)';
const anyChar = '(?s:.)';

/**
 * A Rust regex (ripgrep's default engine) that matches every line the JavaScript pattern matches, and
 * possibly more: constructs Rust lacks become looser ones (lookarounds vanish, backreferences become .*),
 * constructs that differ in meaning are spelled out (\d, \w, \s as JavaScript's ASCII or JS-specific sets,
 * \b as the ASCII word boundary). Every line ripgrep reports is re-checked with the JavaScript regex,
 * which is why a looser pattern is safe and both engines return the same matches.
 */
export function toRipgrepRegex(node: RegexNode, mode: RegexMode): string {
  return emit(node, mode);
}

export interface RegexMode {
  /** Compiled with the u flag. */
  unicode: boolean;
  caseInsensitive: boolean;
}

function emit(node: RegexNode, mode: RegexMode): string {
  switch (node.type) {
    case 'alternation':
      return node.alternatives.map((sequence) => emitSequence(sequence, mode)).join('|');
    case 'group':
      return lookaroundKinds.includes(node.kind) ? '' : `(?:${emit(node.body, mode)})`;
    case 'assertion':
      if (node.kind === 'start') return '^';
      // JavaScript sees lines without their '\r'; ripgrep sees "text\r" (--crlf would hide \r from the whole pattern).
      if (node.kind === 'end') return '(?:\\x{D}?$)';
      // With u+i, JavaScript's word characters add ſ and K (Kelvin) to ASCII ones: no Rust boundary fits, so
      // the assertion is dropped (a looser pattern); \B only narrows, so dropping it is always safe.
      return node.kind === 'wordBoundary' && !(mode.unicode && mode.caseInsensitive) ? '(?-u:\\b)' : '';
    case 'char':
      return emitChar(node.value);
    case 'any':
      return '.';
    case 'class':
      return emitClass(node.negated, node.items, mode);
    case 'classEscape':
      return node.kind === 'W' && looseNegation(mode) ? anyChar : emitClassEscape(node);
    case 'property':
      return `\\${node.negated ? 'P' : 'p'}{${node.name}}`;
    case 'backreference':
      return '.*';
    case 'quantified':
      return emitQuantified(node, mode);
  }
}

/**
 * Without u, case-insensitive JavaScript keeps apart letters that Rust's case folding joins (s and ſ, k and
 * K, å and Å...), so a negated set in Rust would leave out characters JavaScript matches.
 */
function looseNegation(mode: RegexMode): boolean {
  return !mode.unicode && mode.caseInsensitive;
}

function emitSequence(sequence: readonly RegexNode[], mode: RegexMode): string {
  let out = '';
  for (let i = 0; i < sequence.length; i++) {
    const node = sequence[i] as RegexNode;
    const following = sequence[i + 1];
    // Outside u mode an astral character is two code units in a row: Rust needs the code point.
    if (node.type === 'char' && isHighSurrogate(node.value) && following !== undefined) {
      const low = following.type === 'char' ? following.value : following.type === 'quantified' && following.body.type === 'char' ? following.body.value : -1;
      if (isLowSurrogate(low)) {
        const combined = 0x10000 + ((node.value - 0xd800) << 10) + (low - 0xdc00);
        out += following.type === 'quantified' ? emitQuantified({ ...following, body: { type: 'char', value: combined } }, mode) : emitChar(combined);
        i++;
        continue;
      }
    }
    out += emit(node, mode);
  }
  return out === '' ? '(?:)' : out;
}

function emitQuantified(node: Extract<RegexNode, { type: 'quantified' }>, mode: RegexMode): string {
  const body = emit(node.body, mode);
  // A quantified lookaround or backreference is already as loose as it gets.
  if (body === '' || body === '.*') return body;
  const count = node.max === Infinity ? (node.min === 0 ? '*' : node.min === 1 ? '+' : `{${node.min},}`) : node.min === 0 && node.max === 1 ? '?' : node.min === node.max ? `{${node.min}}` : `{${node.min},${node.max}}`;
  return `(?:${body})${count}${node.lazy ? '?' : ''}`;
}

function emitChar(value: number): string {
  if (value === 0x0a) return never; // a line never contains '\n', and Rust refuses to search for it
  if (value >= 0xd800 && value <= 0xdfff) return '[\\x{10000}-\\x{10FFFF}]'; // half of an astral character
  if (/[A-Za-z0-9]/.test(String.fromCharCode(value))) return String.fromCharCode(value);
  return `\\x{${value.toString(16).toUpperCase()}}`;
}

function emitClassEscape(node: ClassEscape): string {
  const lower = node.kind.toLowerCase() as 'd' | 'w' | 's';
  return `[${node.kind === lower ? '' : '^'}${classEscapeBodies[lower]}]`;
}

function emitClass(negated: boolean, items: readonly ClassItem[], mode: RegexMode): string {
  if (items.length === 0) return negated ? anyChar : never;
  if (negated && looseNegation(mode)) return anyChar;
  const unicode = mode.unicode;
  // Outside u mode a class matches single code units, which Rust cannot express for astral characters;
  // in u mode only a lone surrogate is out of Rust's reach.
  const unreachable = (item: ClassItem): boolean =>
    item.type === 'char'
      ? isSurrogate(item.value)
      : item.type === 'range' && (unicode ? isSurrogate(item.from) || isSurrogate(item.to) : item.to >= 0xd800);
  if (items.some(unreachable)) return anyChar;
  const body = items
    .map((item) => {
      switch (item.type) {
        case 'char':
          return `\\x{${item.value.toString(16).toUpperCase()}}`;
        case 'range':
          return `\\x{${item.from.toString(16).toUpperCase()}}-\\x{${item.to.toString(16).toUpperCase()}}`;
        case 'classEscape':
          if (item.kind === 'W' && looseNegation(mode)) return '\\s\\S';
          return item.kind === item.kind.toLowerCase() ? classEscapeBodies[item.kind as 'd' | 'w' | 's'] : emitClassEscape(item);
        case 'property':
          return `\\${item.negated ? 'P' : 'p'}{${item.name}}`;
      }
    })
    .join('');
  return `[${negated ? '^' : ''}${body}]`;
}

function isHighSurrogate(value: number): boolean {
  return value >= 0xd800 && value <= 0xdbff;
}

function isLowSurrogate(value: number): boolean {
  return value >= 0xdc00 && value <= 0xdfff;
}

function isSurrogate(value: number): boolean {
  return value >= 0xd800 && value <= 0xdfff;
}
