import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';
import { findRipgrepOnPath } from '../../../src/core/workspace/grep/findRipgrep';
import type { GrepOptions } from '../../../src/core/workspace/workspace';
import { buildFixtureTree, fixtureMaxFileBytes } from '../../fixtures/workspace/buildFixtureTree';
import type { FixtureTree } from '../../fixtures/workspace/buildFixtureTree';

// Each query runs through ripgrep and through the JavaScript engine; the results must be identical.
const queries: [string, GrepOptions][] = [
  ['hello', {}],
  ['hello', { contextLines: 2 }],
  ['hello', { caseSensitive: true }],
  ['HELLO', { caseSensitive: true, contextLines: 1 }],
  ['^hello', {}],
  ['hello$', {}],
  ['\\s$', {}],
  ['^$', {}],
  ['', { glob: 'src/**' }],
  ['\\bfunction\\s+\\w+\\s*\\(', {}],
  ['TODO|FIXME', { contextLines: 3 }],
  ['[^\\x00-\\x7F]', {}],
  ['😀', {}],
  ['o.w', {}],
  ['.😀.', {}],
  ['\\u00e9', {}],
  ['\\p{L}+ß', {}],
  ['\\p{Script=Greek}+', {}],
  ['a\\-b', {}],
  ['"hello', {}],
  ['\\n', {}],
  ['hello\\nworld|world', {}],
  ['[\\s\\S]ello', {}],
  ['\\Whello\\W', {}],
  ['\\D\\d', {}],
  ['k', {}],
  ['s\\b', {}],
  ['\\Bell', {}],
  ['x{3,}', {}],
  ['^..\\-?$', {}],
  ['(?<word>hel+o)\\s+(?P<again>\\w+)', {}],
  ['(?i)HELLO', { caseSensitive: true }],
  ['\\Qa.b\\E|a-b', {}],
  ['[[:upper:]]ELLO', { caseSensitive: true }],
  ['[\\d\\-&&~]+|[^\\w\\s]{2}', {}],
  ['\\pL+\\PL', {}],
  ['(?U)hel+', {}],
  ['\\x{1F600}|\\u00df', {}],
  ['\\Ahello|hello\\z', {}],
  ['\\:|\\/|\\#', {}],
  ['{hello}|hel{1,2}o}', {}],
  ['\\x41|\\101', {}],
  ['hello', { glob: '*.ts' }],
  ['hello', { glob: 'src' }],
  ['hello', { glob: '**/*.{ts,md}' }],
  ['hello', { glob: '*.log' }],
  ['hello', { maxResults: 3 }],
  ['hello', { maxResults: 3, contextLines: 1 }],
  ['hello', { maxResults: 1 }],
];

describe('grep: ripgrep and the JavaScript engine agree', () => {
  let tree: FixtureTree;
  let ripgrepPath: string;
  let viaRipgrep: NodeWorkspace;
  let viaJs: NodeWorkspace;

  beforeAll(async () => {
    const found = await findRipgrepOnPath();
    if (found === undefined) throw new Error('These tests need ripgrep on PATH (Debian: apt-get install ripgrep).');
    ripgrepPath = found;
    tree = buildFixtureTree();
    const limits = { maxFileBytes: fixtureMaxFileBytes, maxLineChars: 60 };
    viaRipgrep = new NodeWorkspace({ roots: tree.root, limits, ripgrep: ripgrepPath });
    viaJs = new NodeWorkspace({ roots: tree.root, limits, ripgrep: false });
  });
  afterAll(() => tree.remove());

  it.each(queries)('%j %j', async (pattern, options) => {
    const a = await viaRipgrep.grep(pattern, { maxResults: 1000, ...options });
    const b = await viaJs.grep(pattern, { maxResults: 1000, ...options });
    expect(a.engine).toBe('ripgrep');
    expect(b.engine).toBe('js');
    expect(a.matches).toEqual(b.matches);
    expect(a.truncated).toBe(b.truncated);
  });

  it('finds what the fixture holds and leaves out what it should', async () => {
    const result = await viaRipgrep.grep('hello', { maxResults: 1000 });
    const files = [...new Set(result.matches.map((match) => match.file))];
    expect(files).toEqual([
      '.hidden/visible.ts',
      'README.md',
      'crlf.txt',
      'dir with space/file name.ts',
      'keep.log',
      'src/a/b.ts',
      'src/a-b.ts',
      'src/a.ts',
      'src/important.tmp',
      'src/index.ts',
      'src/nested/trace.log',
      'src/util.ts',
      'sub/rootonly.txt',
      'unicode.txt',
      'utf16.txt',
      'ünïcode-名前.ts',
    ]);
    const unicode = result.matches.filter((match) => match.file === 'unicode.txt');
    // Columns count UTF-16 code units: the emoji takes two, the BOM none.
    expect(unicode.map((match) => [match.line, match.column, match.text])).toEqual([
      [2, 9, 'Σίσυφος hello 😀 hello'],
      [3, 8, 'straße HELLO'],
    ]);
    const crlf = result.matches.filter((match) => match.file === 'crlf.txt');
    expect(crlf.map((match) => [match.line, match.text])).toEqual([
      [1, 'first hello'],
      [3, 'third hello'],
      [5, 'last hello'],
    ]);
  });

  it('reports the skipped binary and oversized files', async () => {
    const result = await viaJs.grep('hello', { maxResults: 1000 });
    expect(result.skipped).toEqual(
      expect.arrayContaining([
        { file: 'binary.bin', reason: 'binary' },
        { file: 'late-binary.dat', reason: 'binary' },
        { file: 'huge.txt', reason: 'too-large' },
      ]),
    );
    const viaRg = await viaRipgrep.grep('hello early', { maxResults: 1000 });
    expect(viaRg.matches).toEqual([]);
    expect(viaRg.skipped).toEqual([{ file: 'late-binary.dat', reason: 'binary' }]);
  });

  it('truncates at maxResults and says so', async () => {
    const all = await viaJs.grep('hello', { maxResults: 1000 });
    const exact = await viaRipgrep.grep('hello', { maxResults: all.matches.length });
    expect(exact.truncated).toBe(false);
    const cut = await viaRipgrep.grep('hello', { maxResults: all.matches.length - 1 });
    expect(cut.truncated).toBe(true);
    expect(cut.matches).toEqual(all.matches.slice(0, -1));
  });

  it('gives context lines around each match, clipped like the match line', async () => {
    const result = await viaJs.grep('FIXME', { contextLines: 2 });
    expect(result.matches).toEqual([
      {
        file: 'src/index.ts',
        line: 9,
        column: 24,
        text: '  return helper(a); // FIXME handle zero  ',
        before: ['', 'export function   spaced (a: number) {'],
        after: ['}', ''],
        matchLength: 5,
      },
    ]);
  });

  it('agrees on a multi-root workspace, paths prefixed by the root name', async () => {
    const roots = [tree.root, tree.secondRoot];
    const a = await new NodeWorkspace({ roots, ripgrep: ripgrepPath }).grep('hello', { glob: '*.{md,py}' });
    const b = await new NodeWorkspace({ roots, ripgrep: false }).grep('hello', { glob: '*.{md,py}' });
    expect(a.matches).toEqual(b.matches);
    expect(a.matches.map((match) => `${match.file}:${match.line}`)).toEqual([
      'project/README.md:3',
      'project/README.md:4',
      'second/README.md:1',
      'second/lib/main.py:1',
      'second/lib/main.py:2',
    ]);
  });

  it('falls back to the JavaScript engine when ripgrep refuses the pattern or cannot start', async () => {
    // A negated Unicode property RE2 reads and ripgrep 13 does not.
    const refused = await viaRipgrep.grep('\\p{^Greek}');
    expect(refused.engine).toBe('js');
    expect(refused.matches).toEqual((await viaJs.grep('\\p{^Greek}')).matches);
    expect(refused.matches.length).toBeGreaterThan(0);
    const missing = new NodeWorkspace({ roots: tree.root, ripgrep: '/nonexistent/rg' });
    const result = await missing.grep('hello', { glob: '*.md' });
    expect(result.engine).toBe('js');
    expect(result.matches.map((match) => match.line)).toEqual([3, 4]);
  });

  it('agrees on long files, where the JavaScript engine tests blocks of lines before single lines', async () => {
    const folder = mkdtempSync(nodePath.join(tmpdir(), 'rlm-blocks-'));
    try {
      const lines = Array.from({ length: 300 }, (_, index) => `line ${index + 1}`);
      for (const at of [1, 63, 64, 65, 128, 129, 300]) lines[at - 1] = `foo at ${at}`;
      lines[199] = '';
      writeFileSync(nodePath.join(folder, 'long.txt'), `${lines.join('\n')}\n`);
      const rg = new NodeWorkspace({ roots: folder, ripgrep: ripgrepPath });
      const js = new NodeWorkspace({ roots: folder, ripgrep: false });
      for (const pattern of ['^foo', 'foo at \\d+$', '^$', '\\bat 1', '^line 2\\d\\d$']) {
        const a = await rg.grep(pattern, { maxResults: 1000 });
        const b = await js.grep(pattern, { maxResults: 1000 });
        expect(a.engine).toBe('ripgrep');
        expect(a.matches, pattern).toEqual(b.matches);
      }
      expect((await js.grep('^foo')).matches.map((match) => match.line)).toEqual([1, 63, 64, 65, 128, 129, 300]);
      expect((await js.grep('^$')).matches.map((match) => match.line)).toEqual([200]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(viaRipgrep.grep('hello', { signal: controller.signal })).rejects.toThrow();
    await expect(viaJs.grep('hello', { signal: controller.signal })).rejects.toThrow();
  });
});
