import { describe, expect, it } from 'vitest';
import { findCitations, wholeCitation } from '../../../src/core/engine/citations';

const cited = (text: string): { text: string; file: string; startLine: number; endLine: number; column?: number }[] =>
  findCitations(text).map(({ start, end, ...rest }) => ({ text: text.slice(start, end), ...rest }));

describe('findCitations', () => {
  it('finds path:line in prose', () => {
    expect(cited('The check is in src/auth/login.ts:12 and nowhere else.')).toEqual([
      { text: 'src/auth/login.ts:12', file: 'src/auth/login.ts', startLine: 12, endLine: 12 },
    ]);
  });

  it('reads a line range, with a hyphen or an en dash', () => {
    expect(cited('see src/a.ts:3-9')).toEqual([{ text: 'src/a.ts:3-9', file: 'src/a.ts', startLine: 3, endLine: 9 }]);
    expect(cited('see src/a.ts:3\u20139')).toEqual([
      { text: 'src/a.ts:3\u20139', file: 'src/a.ts', startLine: 3, endLine: 9 },
    ]);
  });

  it('strips a leading ./ from the file but keeps it in the matched text', () => {
    expect(cited('(./lib/x.py:40)')).toEqual([{ text: './lib/x.py:40', file: 'lib/x.py', startLine: 40, endLine: 40 }]);
  });

  it('leaves trailing punctuation out', () => {
    for (const tail of ['.', ',', ')', ';', ':', '!', '?', '".', "'", ']']) {
      const [match] = cited(`at greeting.ts:9${tail}`);
      expect(match?.text, tail).toBe('greeting.ts:9');
    }
    expect(cited('ranges src/a.ts:3-9, then src/b.go:7.')).toMatchObject([
      { text: 'src/a.ts:3-9', endLine: 9 },
      { text: 'src/b.go:7', startLine: 7 },
    ]);
  });

  it('reads path:line:col as one line with a column', () => {
    expect(cited('error at src/x.ts:14:7 here')).toEqual([
      { text: 'src/x.ts:14:7', file: 'src/x.ts', startLine: 14, endLine: 14, column: 7 },
    ]);
  });

  it('accepts a bare file name with an extension, or a path with a slash', () => {
    expect(cited('README.md:3 and scripts/build:5')).toMatchObject([
      { file: 'README.md', startLine: 3 },
      { file: 'scripts/build', startLine: 5 },
    ]);
    expect(cited('@scope/pkg/index.d.ts:1 a-b_c.test.tsx:2')).toMatchObject([
      { file: '@scope/pkg/index.d.ts' },
      { file: 'a-b_c.test.tsx' },
    ]);
  });

  it('rejects things that are not file references', () => {
    expect(cited('Makefile:12')).toEqual([]);
    expect(cited('at 12:30 and 3.5:2 and v1.2:3')).toEqual([]);
    expect(cited('see https://github.com/o/r/blob/main/src/a.ts:12')).toEqual([]);
    expect(cited('file:src/a.ts:12 http://host.io:8080/x')).toEqual([]);
    expect(cited('src/a.ts:12abc src/a.ts:0 src/:4 src//a.ts:2')).toEqual([]);
    expect(cited('my file.ts:3')).toMatchObject([{ file: 'file.ts' }]);
  });

  it('turns a reversed range into its first line', () => {
    expect(cited('src/a.ts:9-3')).toMatchObject([{ startLine: 9, endLine: 9 }]);
  });

  it('finds several citations with their offsets', () => {
    const text = 'a/b.ts:1 c/d.ts:2-4';
    const found = findCitations(text);
    expect(found.map((m) => [m.start, m.end])).toEqual([
      [0, 8],
      [9, 19],
    ]);
  });
});

describe('wholeCitation', () => {
  it('matches inline code that is exactly one citation', () => {
    expect(wholeCitation(' src/a.ts:3-9 ')).toMatchObject({ file: 'src/a.ts', startLine: 3, endLine: 9 });
    expect(wholeCitation('./src/a.ts:3')).toMatchObject({ file: 'src/a.ts' });
  });

  it('rejects code that merely contains one', () => {
    expect(wholeCitation('open(src/a.ts:3)')).toBeUndefined();
    expect(wholeCitation('const x = 1')).toBeUndefined();
  });
});
