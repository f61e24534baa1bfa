import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CacheFolderRedirectedError, newRunLogPath } from '../../../src/cli/ask/runLogFile';

let base: string;
let repo: string;
let elsewhere: string;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'rlm-runlog-'));
  repo = join(base, 'repo');
  elsewhere = join(base, 'home');
  mkdirSync(repo);
  mkdirSync(elsewhere);
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe.skipIf(process.platform === 'win32')('the run log folder in a repository', () => {
  it('is created as plain folders with a .gitignore of everything', () => {
    const log = newRunLogPath(join(repo, '.cache', 'rlm'));
    expect(log.startsWith(join(repo, '.cache', 'rlm', 'runs'))).toBe(true);
    expect(readFileSync(join(repo, '.cache', 'rlm', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    // A second run keeps the folder and the file as they are.
    expect(newRunLogPath(join(repo, '.cache', 'rlm'))).not.toBe(log);
  });

  it.each([['.cache'], ['.cache/rlm'], ['.cache/rlm/runs']])(
    'is refused when the repository ships %s as a symlink leading elsewhere, and nothing is written there',
    (linked) => {
      mkdirSync(join(repo, linked, '..'), { recursive: true });
      symlinkSync(elsewhere, join(repo, linked));
      expect(() => newRunLogPath(join(repo, '.cache', 'rlm'))).toThrow(CacheFolderRedirectedError);
      expect(() => newRunLogPath(join(repo, '.cache', 'rlm'))).toThrow(/is a symbolic link or a file.*Remove it/);
      expect(readdirSync(elsewhere)).toEqual([]);
    },
  );

  it('never follows a .gitignore symlink the repository planted, even a dangling one', () => {
    mkdirSync(join(repo, '.cache', 'rlm'), { recursive: true });
    const target = join(elsewhere, 'created-by-rlm');
    symlinkSync(target, join(repo, '.cache', 'rlm', '.gitignore'));
    newRunLogPath(join(repo, '.cache', 'rlm'));
    expect(existsSync(target)).toBe(false);
  });
});
