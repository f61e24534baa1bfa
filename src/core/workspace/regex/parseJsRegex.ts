import type { ClassEscape, ClassItem, GroupKind, PropertyEscape, RegexNode } from './regexSyntax';

/**
 * Parses a pattern that `new RegExp(pattern, unicode ? 'u' : '')` already accepted, following the
 * ECMAScript grammar (with the Annex B leniencies outside u mode: literal '{', ']', legacy octal, identity
 * escapes). Only what a translation needs is kept: captures lose their names, backreferences their targets.
 */
export function parseJsRegex(pattern: string, unicode: boolean): RegexNode {
  return new Parser(pattern, unicode).parse();
}

const controlEscapes: Record<string, number> = { f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b };
const classEscapeKinds = new Set(['d', 'D', 'w', 'W', 's', 'S']);

class Parser {
  private index = 0;
  private readonly groupCount: number;
  private readonly hasNamedGroups: boolean;

  constructor(
    private readonly source: string,
    private readonly unicode: boolean,
  ) {
    const groups = countGroups(source);
    this.groupCount = groups.count;
    this.hasNamedGroups = groups.named;
  }

  parse(): RegexNode {
    const node = this.disjunction();
    if (this.index < this.source.length) throw new Error(`unexpected ${this.source[this.index]} at ${this.index}`);
    return node;
  }

  private disjunction(): RegexNode {
    const alternatives: RegexNode[][] = [this.alternative()];
    while (this.eat('|')) alternatives.push(this.alternative());
    return { type: 'alternation', alternatives };
  }

  private alternative(): RegexNode[] {
    const terms: RegexNode[] = [];
    while (this.index < this.source.length && this.peek() !== '|' && this.peek() !== ')') terms.push(this.term());
    return terms;
  }

  private term(): RegexNode {
    const atom = this.atom();
    if (atom.type === 'assertion' || (atom.type === 'group' && (atom.kind === 'lookbehind' || atom.kind === 'negativeLookbehind'))) {
      return atom;
    }
    return this.quantifier(atom);
  }

  private quantifier(body: RegexNode): RegexNode {
    let min: number;
    let max: number;
    const char = this.peek();
    if (char === '*') [min, max] = [0, Infinity];
    else if (char === '+') [min, max] = [1, Infinity];
    else if (char === '?') [min, max] = [0, 1];
    else {
      const braced = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.index));
      if (braced === null) return body;
      min = Number(braced[1]);
      max = braced[2] === undefined ? min : braced[3] === '' ? Infinity : Number(braced[3]);
      this.index += braced[0].length - 1;
    }
    this.index++;
    const lazy = this.eat('?');
    return { type: 'quantified', body, min, max, lazy };
  }

  private atom(): RegexNode {
    const char = this.next();
    switch (char) {
      case '^':
        return { type: 'assertion', kind: 'start' };
      case '$':
        return { type: 'assertion', kind: 'end' };
      case '.':
        return { type: 'any' };
      case '(':
        return this.group();
      case '[':
        return this.characterClass();
      case '\\':
        return this.atomEscape();
      default:
        return { type: 'char', value: this.codeOf(char) };
    }
  }

  private group(): RegexNode {
    let kind: GroupKind = 'capture';
    if (this.eat('?')) {
      if (this.eat(':')) kind = 'noncapture';
      else if (this.eat('=')) kind = 'lookahead';
      else if (this.eat('!')) kind = 'negativeLookahead';
      else if (this.eat('<')) {
        if (this.eat('=')) kind = 'lookbehind';
        else if (this.eat('!')) kind = 'negativeLookbehind';
        else this.index = this.source.indexOf('>', this.index) + 1; // named capture: the name is not needed
      }
    }
    const body = this.disjunction();
    this.expect(')');
    return { type: 'group', kind, body };
  }

  private atomEscape(): RegexNode {
    const char = this.next();
    if (char === 'b') return { type: 'assertion', kind: 'wordBoundary' };
    if (char === 'B') return { type: 'assertion', kind: 'notWordBoundary' };
    if (char >= '1' && char <= '9') {
      const digits = char + this.takeWhile(/[0-9]/);
      if (this.unicode || Number(digits) <= this.groupCount) return { type: 'backreference' };
      this.index -= digits.length;
      return { type: 'char', value: this.legacyOctalOrDigit() };
    }
    if (char === 'k' && (this.unicode || this.hasNamedGroups)) {
      this.index = this.source.indexOf('>', this.index) + 1;
      return { type: 'backreference' };
    }
    return this.sharedEscape(char, false);
  }

  /** Escapes valid both inside and outside a class (after the backslash and `char` were read). */
  private sharedEscape(char: string, inClass: boolean): ClassEscape | PropertyEscape | { type: 'char'; value: number } {
    if (classEscapeKinds.has(char)) return { type: 'classEscape', kind: char as ClassEscape['kind'] };
    if ((char === 'p' || char === 'P') && this.unicode) {
      const close = this.source.indexOf('}', this.index);
      const name = this.source.slice(this.index + 1, close);
      this.index = close + 1;
      return { type: 'property', negated: char === 'P', name };
    }
    if (char in controlEscapes) return { type: 'char', value: controlEscapes[char] as number };
    if (char === '0' && !/[0-9]/.test(this.peek())) return { type: 'char', value: 0 };
    if (char >= '0' && char <= '9') {
      this.index--;
      return { type: 'char', value: this.legacyOctalOrDigit() };
    }
    if (char === 'c') {
      const letter = this.peek();
      if (/[A-Za-z]/.test(letter) || (inClass && !this.unicode && /[0-9_]/.test(letter))) {
        this.index++;
        return { type: 'char', value: letter.charCodeAt(0) % 32 };
      }
      this.index--; // Annex B: "\c" without a letter is a literal backslash followed by "c"
      return { type: 'char', value: 0x5c };
    }
    if (char === 'x' && /^[0-9A-Fa-f]{2}/.test(this.source.slice(this.index))) {
      this.index += 2;
      return { type: 'char', value: parseInt(this.source.slice(this.index - 2, this.index), 16) };
    }
    if (char === 'u') return { type: 'char', value: this.unicodeEscape() };
    return { type: 'char', value: this.codeOf(char) };
  }

  /** After "\u": four hex digits (a surrogate pair in u mode), "{hex}" in u mode, else a literal "u". */
  private unicodeEscape(): number {
    const rest = this.source.slice(this.index);
    const braced = /^\{([0-9A-Fa-f]+)\}/.exec(rest);
    if (this.unicode && braced !== null) {
      this.index += braced[0].length;
      return parseInt(braced[1] as string, 16);
    }
    const four = /^[0-9A-Fa-f]{4}/.exec(rest);
    if (four === null) return 0x75;
    this.index += 4;
    const unit = parseInt(four[0], 16);
    const low = /^\\u(d[c-f][0-9a-f]{2})/i.exec(this.source.slice(this.index));
    if (this.unicode && unit >= 0xd800 && unit <= 0xdbff && low !== null) {
      this.index += 6;
      return 0x10000 + ((unit - 0xd800) << 10) + (parseInt(low[1] as string, 16) - 0xdc00);
    }
    return unit;
  }

  /** Annex B: "\8", "\9" are the digits; otherwise up to three octal digits worth at most 0o377. */
  private legacyOctalOrDigit(): number {
    const char = this.next();
    if (char === '8' || char === '9') return char.charCodeAt(0);
    let digits = char;
    while (digits.length < 3 && /[0-7]/.test(this.peek()) && parseInt(digits + this.peek(), 8) <= 0o377) digits += this.next();
    return parseInt(digits, 8);
  }

  private characterClass(): RegexNode {
    const negated = this.eat('^');
    const items: ClassItem[] = [];
    while (this.peek() !== ']') {
      const from = this.classAtom();
      if (this.peek() === '-' && this.source[this.index + 1] !== ']' && this.index + 1 < this.source.length) {
        const save = this.index;
        this.index++;
        const to = this.classAtom();
        if (from.type === 'char' && to.type === 'char') {
          items.push({ type: 'range', from: from.value, to: to.value });
          continue;
        }
        this.index = save; // Annex B: "[\d-z]" is \d, "-" and "z"
      }
      items.push(from);
    }
    this.expect(']');
    return { type: 'class', negated, items };
  }

  private classAtom(): ClassItem {
    const char = this.next();
    if (char !== '\\') return { type: 'char', value: this.codeOf(char) };
    const escaped = this.next();
    if (escaped === 'b') return { type: 'char', value: 0x08 };
    if (escaped === '-') return { type: 'char', value: 0x2d };
    return this.sharedEscape(escaped, true);
  }

  /** The code point of a literal just read (u mode joins a surrogate pair). */
  private codeOf(char: string): number {
    const code = char.charCodeAt(0);
    if (this.unicode && code >= 0xd800 && code <= 0xdbff && this.index < this.source.length) {
      const low = this.source.charCodeAt(this.index);
      if (low >= 0xdc00 && low <= 0xdfff) {
        this.index++;
        return 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
      }
    }
    return code;
  }

  private takeWhile(pattern: RegExp): string {
    let taken = '';
    while (this.index < this.source.length && pattern.test(this.peek())) taken += this.next();
    return taken;
  }

  private peek(): string {
    return this.source[this.index] ?? '';
  }

  private next(): string {
    if (this.index >= this.source.length) throw new Error('unexpected end of pattern');
    return this.source[this.index++] as string;
  }

  private eat(char: string): boolean {
    if (this.peek() !== char) return false;
    this.index++;
    return true;
  }

  private expect(char: string): void {
    if (!this.eat(char)) throw new Error(`expected ${char} at ${this.index}`);
  }
}

/** Capturing groups, counted before parsing because "\N" means a backreference only when N <= their number. */
function countGroups(source: string): { count: number; named: boolean } {
  let count = 0;
  let named = false;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') i++;
    else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '(') {
      if (source[i + 1] !== '?') count++;
      else if (source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!') {
        count++;
        named = true;
      }
    }
  }
  return { count, named };
}
