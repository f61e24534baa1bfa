// A repository cannot redirect the symbol index: `.cache` or `.cache/rlm` shipped as a symlink would have every
// `rlm index`, `rlm mcp` and `rlm eval` write the index wherever it points, and read back what was planted there.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SymbolIndex } from '../../../src/core/symbols/index';
import { CacheFolderRedirectedError } from '../../../src/core/workspace/files/assertPlainFolders';

let base: string;
let repo: string;
let elsewhere: string;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'rlm-index-cache-'));
  repo = join(base, 'repo');
  elsewhere = join(base, 'home');
  mkdirSync(repo);
  mkdirSync(elsewhere);
  writeFileSync(join(repo, 'main.c'), 'int helper(void) { return 1; }\nint main(void) { return helper(); }\n');
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe.skipIf(process.platform === 'win32')('the symbol index cache folder in a repository', () => {
  it('is kept in plain folders the index creates', async () => {
    const index = new SymbolIndex({ root: repo, cacheDir: join(repo, '.cache', 'rlm'), options: { workers: 0 } });
    const stats = await index.build(['main.c']);
    expect(stats.definitions).toBe(2);
    expect(readdirSync(join(repo, '.cache', 'rlm')).length).toBeGreaterThan(0);
  });

  it.each([['.cache'], ['.cache/rlm']])(
    'is refused when the repository ships %s as a symlink, and nothing is written where it leads',
    async (linked) => {
      mkdirSync(join(repo, linked, '..'), { recursive: true });
      symlinkSync(elsewhere, join(repo, linked));
      const index = new SymbolIndex({ root: repo, cacheDir: join(repo, '.cache', 'rlm'), options: { workers: 0 } });
      await expect(index.build(['main.c'])).rejects.toThrow(CacheFolderRedirectedError);
      await expect(index.build(['main.c'])).rejects.toThrow(/is a symbolic link or a file.*Remove it/);
      await expect(index.save()).rejects.toThrow(CacheFolderRedirectedError);
      expect(readdirSync(elsewhere)).toEqual([]);
    },
  );

  it('is not checked outside the repository (an editor keeps it in its own storage)', async () => {
    const storage = join(base, 'storage-link');
    symlinkSync(elsewhere, storage);
    const index = new SymbolIndex({ root: repo, cacheDir: join(storage, 'index'), options: { workers: 0 } });
    expect((await index.build(['main.c'])).definitions).toBe(2);
  });
});
