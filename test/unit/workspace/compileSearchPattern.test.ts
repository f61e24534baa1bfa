import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidRegexError } from '../../../src/core/workspace/errors/invalidRegexError';
import { findRipgrepOnPath } from '../../../src/core/workspace/grep/findRipgrep';
import { compileSearchPattern } from '../../../src/core/workspace/regex/compileSearchPattern';
import { splitLines } from '../../../src/core/workspace/text/decodeText';

describe('compileSearchPattern', () => {
  it('explains an invalid regex and points at the culprit', () => {
    const cases: [string, string, number | undefined][] = [
      ['a(b', 'unterminated group', 1],
      ['a)b', "unmatched ')'", 1],
      ['x[abc', 'unterminated character class', 1],
      ['a|+b', 'nothing to repeat', 2],
      ['x{2}*', 'nothing to repeat', 4],
      ['a\\', '\\ at end of pattern', 1],
      ['a{3,1}', 'numbers out of order in {} quantifier', 1],
      ['[z-a]', 'range out of order in character class', 1],
      ['(?x)', 'invalid group', 0],
      ['(?<n>a)(?<n>b)', 'duplicate capture group name', undefined],
    ];
    for (const [pattern, reason, position] of cases) {
      const error = (() => {
        try {
          compileSearchPattern(pattern);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error, pattern).toBeInstanceOf(InvalidRegexError);
      expect((error as InvalidRegexError).reason, pattern).toBe(reason);
      expect((error as InvalidRegexError).position, pattern).toBe(position);
      expect((error as InvalidRegexError).message, pattern).toMatch(/escape characters .* with a backslash/);
    }
  });

  it('uses u mode when the pattern allows it, the lenient syntax otherwise', () => {
    expect(compileSearchPattern('\\p{L}+').unicode).toBe(true);
    expect(compileSearchPattern('a\\-b').unicode).toBe(false);
    expect(compileSearchPattern('a\\-b').lineRegex.test('xa-b')).toBe(true);
    expect(compileSearchPattern('hello').lineRegex.test('HELLO')).toBe(true);
    expect(compileSearchPattern('hello', { caseSensitive: true }).lineRegex.test('HELLO')).toBe(false);
  });

  it('translates for ripgrep: JS meanings spelled out, missing constructs loosened', () => {
    const rg = (pattern: string, caseSensitive = true): string => compileSearchPattern(pattern, { caseSensitive }).ripgrepPattern;
    expect(rg('\\d\\w\\D')).toBe('[0-9][0-9A-Za-z_][^0-9]');
    expect(rg('\\bfoo\\B')).toBe('(?-u:\\b)foo');
    expect(rg('\\bfoo', false)).toBe('foo');
    expect(rg('(?<=a)b(?!c)')).toBe('b');
    expect(rg('(a)\\1+')).toBe('(?:a).*');
    expect(rg('a{,2}')).toBe('a\\x{7B}\\x{2C}2\\x{7D}');
    expect(rg('😀|\\u{1F600}')).toBe('\\x{1F600}|\\x{1F600}');
    expect(rg('[^a]', false)).toBe('[^\\x{61}]');
    expect(rg('[^a]\\-', false)).toBe('(?s:.)\\x{2D}');
    expect(rg('a\\nb')).toBe('a(?-u:\\b\\B)b');
    expect(compileSearchPattern('(?<=a)b').lineByLine).toBe(true);
    expect(compileSearchPattern('a(?:b)c').lineByLine).toBe(false);
  });
});

// The ripgrep pattern must match every line the JavaScript regex matches (it may match more: each line
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
  'foo', '^foo', 'foo$', '\\bfoo\\b', '\\Bfoo', 'foo\\B', 'FOO', '[A-Z]+', '[a-z]{3,}', '[^a-z ]+', '\\w+', '\\W', '\\d', '\\D\\d',
  '\\s', '\\S+\\s$', '\\s\\s', '[\\s\\S]', '.', '^.$', '^$', '^\\s*$', 'a.b', 'a\\.b', '\\(paren\\)', '\\[\\w+\\]', '\\{brace\\}', 'a\\|b',
  'a\\\\b', 'a\\/b', '\\$dollar', 'ß', 'ss', 'STRASSE', '\\u212a', 'k', 'K', 's\\b', '\\bs', 'ſ', '[^k]', '[^s]+', 'å', 'Å', 'ω', 'σ', 'µ',
  '😀', '😀+', '.😀', '[😀]', '[^😀]', '\\u{1F600}', '\\p{L}+', '\\p{Lu}', '\\p{Script=Greek}', '\\P{L}', '\\p{Nd}', '名前', '[\\u3040-\\u30ff]+',
  '(?<=x)😀', '(?<!a)b', 'foo(?=bar)', 'foo(?!bar)', '(\\w)\\1', '(?<w>\\w+)\\k<w>', '(hello)\\1', 'a{4}', 'a{2,3}', 'a{,2}', 'x{3}', '\\x41',
  '\\101', '\\0', '\\cA', '\\u0001', '\\t', '\\n', '\\r', '\\v', '\\f', 'a\\-b', '\\"double\\"', '[\\w-]+', '[\\d-z]', '[]', '[^]',
  'nel\\u0085', 'bom\\ufeff', 'zero\\swidth', 'zero\\Swidth', '\\u2028', 'para\\s', 'car.iage', 'carriage\\r', 'return$', '^\\s', '\\s$', 'é', 'É', '[é]', 'caf.', 'na.ve',
  '\\bcaf', 'café\\b', '\\W\\w', '²', '\\d+', '[0-9]', 'a|', '|a', '(?:)', '', '(a|b)+c', '(?:ab)*c', 'a*?b', 'a+?', '.*', '.+$',
];

describe('ripgrep translation matches at least what JavaScript matches', () => {
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
        const pattern = compileSearchPattern(source, { caseSensitive });
        const expected = lines.flatMap((line, index) => (pattern.lineRegex.test(line) ? [index + 1] : []));
        const flags = ['--no-config', '-n', caseSensitive ? '-s' : '-i', '--no-filename', '--regexp', pattern.ripgrepPattern, file];
        const run = await runRipgrep(ripgrep, flags);
        if (run.status === 2) {
          problems.push(`${source}: ripgrep refused ${pattern.ripgrepPattern}: ${run.stderr.trim().split('\n').pop()}`);
          return;
        }
        const reported = new Set(run.stdout.split('\n').filter(Boolean).map((line) => Number(line.split(':')[0])));
        const missed = expected.filter((line) => !reported.has(line));
        if (missed.length > 0) problems.push(`${source} → ${pattern.ripgrepPattern}: ripgrep missed lines ${missed.join(', ')}`);
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
