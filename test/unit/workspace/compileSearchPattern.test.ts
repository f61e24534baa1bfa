import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidRegexError } from '../../../src/core/workspace/errors/invalidRegexError';
import { findRipgrepOnPath } from '../../../src/core/workspace/grep/findRipgrep';
import { compileSearchPattern } from '../../../src/core/workspace/regex/compileSearchPattern';
import { splitLines } from '../../../src/core/workspace/text/decodeText';

function compileError(pattern: string): InvalidRegexError {
  try {
    compileSearchPattern(pattern);
  } catch (caught) {
    expect(caught, pattern).toBeInstanceOf(InvalidRegexError);
    return caught as InvalidRegexError;
  }
  throw new Error(`${pattern} compiled, an error was expected`);
}

describe('compileSearchPattern', () => {
  it('explains an invalid regex, pointing at the culprit when it can', () => {
    const cases: [string, RegExp, number | undefined][] = [
      ['a(b', /missing closing \)/, undefined],
      ['a)b', /unexpected \)/, undefined],
      ['x[abc', /missing closing \]/, 1],
      ['a|+b', /missing argument to repetition operator/, 2],
      ['a{3,1}', /invalid repeat count/, 1],
      ['[z-a]', /invalid character class range/, 1],
    ];
    for (const [pattern, reason, position] of cases) {
      const error = compileError(pattern);
      expect(error.reason, pattern).toMatch(reason);
      expect(error.position, pattern).toBe(position);
      expect(error.message, pattern).toMatch(/escape characters .* with a backslash/);
    }
  });

  it('refuses lookarounds and backreferences, saying the engine is linear-time RE2', () => {
    for (const pattern of ['(?<=function )\\w+', 'hello(?!\\s)', 'a(?=b)', '(?<!x)y']) {
      expect(compileError(pattern).message, pattern).toMatch(
        /lookahead and lookbehind .* are not supported, since searches run on a linear-time \(RE2\) engine/,
      );
    }
    for (const pattern of ['(\\w)\\1', '(?<word>hel+o)\\s\\k<word>', '(a)(b)\\2']) {
      expect(compileError(pattern).message, pattern).toMatch(/backreferences .* are not supported/);
    }
    // Octal escapes are not backreferences.
    expect(compileSearchPattern('\\101').lineRegex.test('A')).toBe(true);
    expect(compileError('a'.repeat(1001)).message).toMatch(/over the limit of 1000/);
    expect(compileError('(\\pL|\\pN){1000}z').message).toMatch(
      /compiles to \d+ instructions, over the limit of 1500; use smaller repeat counts/,
    );
  });

  it('takes RE2 syntax and the JavaScript habits \\u, \\u{...} and \\p{Script=...}', () => {
    const test = (pattern: string, line: string, caseSensitive = false): boolean =>
      compileSearchPattern(pattern, { caseSensitive }).lineRegex.test(line);
    expect(test('a\\-b', 'xa-b')).toBe(true);
    expect(test('hello', 'HELLO')).toBe(true);
    expect(test('hello', 'HELLO', true)).toBe(false);
    expect(test('\\u00e9', 'café')).toBe(true);
    expect(test('\\u{1F600}', 'x😀')).toBe(true);
    expect(test('\\p{Script=Greek}+', 'Σίσυφος')).toBe(true);
    expect(test('\\Qa.b\\E', 'axb')).toBe(false);
    expect(test('[[:digit:]]', '7')).toBe(true);
    // Perl classes are ASCII, as in RE2.
    expect(test('\\d', '٣')).toBe(false);
  });

  it('matches in time linear in the line, whatever the pattern', () => {
    const pattern = compileSearchPattern('(a+)+$|x');
    // A backtracking engine takes about 2^40 steps on this line; the vitest timeout bounds the test.
    expect(pattern.lineRegex.test(`${'a'.repeat(40)}!`)).toBe(false);
    expect(compileSearchPattern('(x+x+)+y').lineRegex.test('x'.repeat(5000))).toBe(false);
  });

  it('translates for ripgrep: ASCII classes spelled out, Rust-only syntax escaped', () => {
    const rg = (pattern: string): string | undefined =>
      compileSearchPattern(pattern, { caseSensitive: true }).ripgrepPattern;
    expect(rg('\\d\\w\\D')).toBe('[0-9][0-9A-Za-z_][^0-9]');
    expect(rg('\\bfoo\\B')).toBe('(?-u:\\b)foo(?-u:\\B)');
    expect(rg('[a&&b~~c-]')).toBe('[a\\&\\&b\\~\\~c\\-]');
    expect(rg('{x}|a{2}')).toBe('\\{x\\}|a{2}');
    expect(rg('(?<name>a)(?P<other>b)')).toBe('(a)(b)');
    expect(rg('a\\nb|[\\n]')).toBe('a(?:\\zx)b|(?:\\zx)');
    expect(rg('end$')).toBe('end(?:\\r?$)');
    expect(rg('\\:\\Qa.b\\E\\101')).toBe(':a\\.bA');
    // No process argument holds a NUL character: such a pattern is left to the JavaScript engine.
    expect(rg('a\0b')).toBeUndefined();
    expect(rg('[\0-\x1f]')).toBe('[\\x{0}-\\x{1f}]');
  });
});

// The ripgrep pattern must match every line the RE2 pattern matches (it may match more: each line
// ripgrep reports is re-checked). Checked against the real ripgrep on a text full of edge cases.
const tortureLines = [
  'plain ascii line with foo and bar_baz 123',
  'Foo FOO fOo foobar barfoo foo_bar',
  'tabs\there\tand  double  spaces ',
  'nbsp\u00a0here and nel\u0085there and bom\ufeffmid',
  'line sep\u2028inside and para\u2029too',
  'carriage\rreturn inside',
  'zero\ufeffwidth no-break space',
  'straße STRASSE ß ẞ',
  'Kelvin \u212a and k and K; long s ſ and s and S',
  'Ångström \u212b å Å; ohm \u2126 ω Ω',
  'Σίσυφος σ ς Σ µ μ',
  'emoji 😀 here 😀😀 and 🙂 x😀y',
  'cjk 名前 テスト 한국어',
  'digits ٣ ४ 3 and ² ½',
  'punct: a-b a.b a*b (paren) [bracket] {brace} a|b a\\b a/b a^b $dollar',
  'quotes "double" \'single\' `back`',
  'word_boundary-test éclair café naïve',
  '',
  '   ',
  'aaaa aaa aa a',
  'abcabc xyzxyz hellohello',
  'x{3} literal braces and x{,2}',
  'control \u0001 char and \u007f del',
  'trailing space ',
  'end',
];

const patterns = [
  'foo',
  '^foo',
  'foo$',
  '\\bfoo\\b',
  '\\Bfoo',
  'foo\\B',
  'FOO',
  '[A-Z]+',
  '[a-z]{3,}',
  '[^a-z ]+',
  '\\w+',
  '\\W',
  '\\d',
  '\\D\\d',
  '\\s',
  '\\S+\\s$',
  '\\s\\s',
  '[\\s\\S]',
  '.',
  '^.$',
  '^$',
  '^\\s*$',
  'a.b',
  'a\\.b',
  '\\(paren\\)',
  '\\[\\w+\\]',
  '\\{brace\\}',
  'a\\|b',
  'a\\\\b',
  'a\\/b',
  '\\$dollar',
  'ß',
  'ss',
  'STRASSE',
  '\\u212a',
  'k',
  'K',
  's\\b',
  '\\bs',
  'ſ',
  '[^k]',
  '[^s]+',
  'å',
  'Å',
  'ω',
  'σ',
  'µ',
  '😀',
  '😀+',
  '.😀',
  '[😀]',
  '[^😀]',
  '\\u{1F600}',
  '\\p{L}+',
  '\\p{Lu}',
  '\\p{Script=Greek}',
  '\\P{L}',
  '\\p{Nd}',
  '名前',
  '[\\u3040-\\u30ff]+',
  '(?<=x)😀',
  '(?<!a)b',
  'foo(?=bar)',
  'foo(?!bar)',
  '(\\w)\\1',
  '(?<w>\\w+)\\k<w>',
  '(hello)\\1',
  'a{4}',
  'a{2,3}',
  'a{,2}',
  'x{3}',
  '\\x41',
  '\\101',
  '\\0',
  '\\cA',
  '\\u0001',
  '\\t',
  '\\n',
  '\\r',
  '\\v',
  '\\f',
  'a\\-b',
  '\\"double\\"',
  '[\\w-]+',
  '[\\d-z]',
  '[]',
  '[^]',
  'nel\\u0085',
  'bom\\ufeff',
  'zero\\swidth',
  'zero\\Swidth',
  '\\u2028',
  'para\\s',
  'car.iage',
  'carriage\\r',
  'return$',
  '^\\s',
  '\\s$',
  'é',
  'É',
  '[é]',
  'caf.',
  'na.ve',
  '\\bcaf',
  'café\\b',
  '\\W\\w',
  '²',
  '\\d+',
  '[0-9]',
  'a|',
  '|a',
  '(?:)',
  '',
  '(a|b)+c',
  '(?:ab)*c',
  'a*?b',
  'a+?',
  '.*',
  '.+$',
];

describe('ripgrep translation matches at least what RE2 matches', () => {
  let folder: string;
  let file: string;
  let ripgrep: string;

  beforeAll(async () => {
    const found = await findRipgrepOnPath();
    if (found === undefined) throw new Error('These tests need ripgrep on PATH (Debian: apt-get install ripgrep).');
    ripgrep = found;
    folder = mkdtempSync(nodePath.join(tmpdir(), 'rlm-regex-'));
    file = nodePath.join(folder, 'torture.txt');
    writeFileSync(file, tortureLines.join('\r\n'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  for (const caseSensitive of [true, false]) {
    it(`${caseSensitive ? 'case-sensitive' : 'case-insensitive'}`, { timeout: 120_000 }, async () => {
      const lines = splitLines(tortureLines.join('\r\n'));
      const problems: string[] = [];
      const check = async (source: string): Promise<void> => {
        let pattern: ReturnType<typeof compileSearchPattern>;
        try {
          pattern = compileSearchPattern(source, { caseSensitive });
        } catch (error) {
          // JavaScript-only syntax (lookarounds, backreferences, [^]) is refused, by both engines alike.
          if (error instanceof InvalidRegexError) return;
          throw error;
        }
        if (pattern.ripgrepPattern === undefined) {
          problems.push(`${source}: no ripgrep translation`);
          return;
        }
        const expected = lines.flatMap((line, index) => (pattern.lineRegex.test(line) ? [index + 1] : []));
        const flags = [
          '--no-config',
          '-n',
          caseSensitive ? '-s' : '-i',
          '--no-filename',
          '--regexp',
          pattern.ripgrepPattern,
          file,
        ];
        const run = await runRipgrep(ripgrep, flags);
        if (run.status === 2) {
          problems.push(`${source}: ripgrep refused ${pattern.ripgrepPattern}: ${run.stderr.trim().split('\n').pop()}`);
          return;
        }
        const reported = new Set(
          run.stdout
            .split('\n')
            .filter(Boolean)
            .map((line) => Number(line.split(':')[0])),
        );
        const missed = expected.filter((line) => !reported.has(line));
        if (missed.length > 0)
          problems.push(`${source} → ${pattern.ripgrepPattern}: ripgrep missed lines ${missed.join(', ')}`);
      };
      // A few ripgrep processes at a time keep this quick on a busy machine.
      const queue = [...patterns];
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let source = queue.shift(); source !== undefined; source = queue.shift()) await check(source);
        }),
      );
      expect(problems.sort()).toEqual([]);
    });
  }
});

function runRipgrep(ripgrep: string, args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(ripgrep, args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      const status = error === null ? 0 : typeof error.code === 'number' ? error.code : 2;
      resolve({ status, stdout, stderr });
    });
  });
}
