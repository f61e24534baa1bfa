import { Minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';
import { GlobList } from '../../../src/core/workspace/files/globList';

const globs = [
  '**/node_modules',
  '**/.git',
  '**/*.code-search',
  '**/build/**',
  '**/**/tmp',
  '**/a*b',
  'src/**/gen',
  '**/x/y',
  'out/**',
];
const segments = ['a', 'node_modules', 'build', 'tmp', 'x', 'y', 'src', 'gen', 'axb', 'q.code-search', '.git', 'out'];

/** Every path of one to three segments drawn from `segments`. */
function paths(): string[] {
  const out: string[] = [];
  const grow = (prefix: string[], depth: number): void => {
    if (prefix.length) out.push(prefix.join('/'));
    if (depth === 0) return;
    for (const segment of segments) grow([...prefix, segment], depth - 1);
  };
  grow([], 3);
  return out;
}

/** The rule the list implements, by brute force: a glob matches the path or one of its parent folders. */
function reference(path: string): string | undefined {
  const matchers = globs.map((glob) => new Minimatch(glob, { dot: true, noext: true }));
  const parts = path.split('/');
  for (let end = 1; end <= parts.length; end++) {
    const prefix = parts.slice(0, end).join('/');
    const hit = matchers.find((m) => m.match(prefix) || m.match(`${prefix}/`));
    if (hit) return hit.pattern;
  }
  return undefined;
}

describe('GlobList', () => {
  it('excludes what matching every glob against the path and its parents excludes, naming a glob as written', () => {
    const list = new GlobList(globs, { caseInsensitive: false });
    const all = paths();
    expect(all.length).toBeGreaterThan(1000);
    for (const path of all) {
      const expected = reference(path);
      const actual = list.matchPath(path);
      expect(actual === undefined, path).toBe(expected === undefined);
      if (actual !== undefined) expect(globs, path).toContain(actual);
    }
  });

  it('hands `**/name` globs to ripgrep as name globs, and keeps anchored ones out', () => {
    const list = new GlobList(globs, { caseInsensitive: false });
    expect(list.segmentGlobs).toEqual(['node_modules', '.git', '*.code-search', 'build', 'tmp', 'a*b']);
  });
});
