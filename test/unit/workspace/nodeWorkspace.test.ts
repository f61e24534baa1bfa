import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BinaryFileError,
  FileNotFoundError,
  FileTooLargeError,
  InvalidLineRangeError,
  IsDirectoryError,
  PathOutsideWorkspaceError,
  SecretFileError,
  isWorkspaceError,
} from '../../../src/core/workspace/errors/index';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';
import { buildFixtureTree, fixtureMaxFileBytes } from '../../fixtures/workspace/buildFixtureTree';
import type { FixtureTree } from '../../fixtures/workspace/buildFixtureTree';

describe('NodeWorkspace', () => {
  let tree: FixtureTree;
  let workspace: NodeWorkspace;

  beforeAll(() => {
    tree = buildFixtureTree();
    workspace = new NodeWorkspace({ roots: tree.root, limits: { maxFileBytes: fixtureMaxFileBytes }, ripgrep: false });
  });
  afterAll(() => tree.remove());

  describe('listFiles', () => {
    it('lists in tree order, honouring nested .gitignore files, default excludes, secrets and symlinks', async () => {
      const list = await workspace.listFiles();
      expect(list).toEqual({
        files: [
          '.gitignore',
          '.hidden/visible.ts',
          'README.md',
          'binary.bin',
          'crlf.txt',
          'dir with space/file name.ts',
          'empty.txt',
          'huge.txt',
          'keep.log',
          'late-binary.dat',
          'src/.gitignore',
          'src/a/b.ts',
          'src/a-b.ts',
          'src/a.ts',
          'src/important.tmp',
          'src/index.ts',
          'src/nested/.gitignore',
          'src/nested/trace.log',
          'src/util.ts',
          'sub/rootonly.txt',
          'unicode.txt',
          'utf16.txt',
          'ünïcode-名前.ts',
        ],
        total: 23,
        omitted: 0,
      });
    });

    it('filters with a glob: basename globs at any depth, folder paths, minimatch syntax', async () => {
      expect((await workspace.listFiles('*.ts')).files).toEqual([
        '.hidden/visible.ts',
        'dir with space/file name.ts',
        'src/a/b.ts',
        'src/a-b.ts',
        'src/a.ts',
        'src/index.ts',
        'src/util.ts',
        'ünïcode-名前.ts',
      ]);
      expect((await workspace.listFiles('src/a')).files).toEqual(['src/a/b.ts']);
      expect((await workspace.listFiles('src/*.{tmp,log}')).files).toEqual(['src/important.tmp']);
      expect((await workspace.listFiles('src/**/*.log')).files).toEqual(['src/nested/trace.log']);
    });

    it('caps the list and counts the rest', async () => {
      expect(await workspace.listFiles('*.ts', { maxResults: 3 })).toEqual({
        files: ['.hidden/visible.ts', 'dir with space/file name.ts', 'src/a/b.ts'],
        total: 8,
        omitted: 5,
      });
    });

    it('honours extra exclude globs and a custom secret list', async () => {
      const custom = new NodeWorkspace({
        roots: tree.root,
        limits: { excludeGlobs: ['src/a/**', '*.txt'], secretFileGlobs: ['*.md'] },
        ripgrep: false,
      });
      const files = (await custom.listFiles()).files;
      expect(files).not.toContain('src/a/b.ts');
      expect(files).not.toContain('README.md');
      expect(files.some((file) => file.endsWith('.txt'))).toBe(false);
      expect(files).toContain('src/a.ts');
    });

    it('prefixes paths with the root name in a multi-root workspace', async () => {
      const multi = new NodeWorkspace({ roots: [tree.root, tree.secondRoot], ripgrep: false });
      expect(multi.roots.map((root) => root.name)).toEqual(['project', 'second']);
      expect((await multi.listFiles('*.{md,py}')).files).toEqual([
        'project/README.md',
        'second/README.md',
        'second/lib/main.py',
      ]);
      expect((await multi.listFiles('second/lib/**')).files).toEqual(['second/lib/main.py']);
      const read = await multi.readFile('second/lib/main.py');
      expect(read.file).toBe('second/lib/main.py');
      await expect(multi.readFile('lib/main.py')).rejects.toThrow(
        /start the path with one of their names \(project, second\)/,
      );
    });
  });

  describe('readFile', () => {
    it('numbers lines, strips the BOM and CRLF, decodes UTF-16', async () => {
      expect(await workspace.readFile('unicode.txt', { startLine: 2, endLine: 3 })).toEqual({
        file: 'unicode.txt',
        startLine: 2,
        endLine: 3,
        totalLines: 4,
        text: '2| Σίσυφος hello 😀 hello\n3| straße HELLO',
      });
      expect((await workspace.readFile('crlf.txt')).text).toBe(
        '1| first hello\n2| second line \n3| third hello\n4| \n5| last hello',
      );
      expect((await workspace.readFile('utf16.txt')).text).toBe('1| utf16 hello\n2| second');
      expect((await workspace.readFile('./src/../README.md')).file).toBe('README.md');
      expect((await workspace.readFile(`${tree.root}/src/a.ts`)).file).toBe('src/a.ts');
    });

    it('follows symlinks that stay inside the root', async () => {
      expect((await workspace.readFile('inside-link.ts', { endLine: 1 })).text).toBe(
        '1| // Entry point. TODO: split this file',
      );
    });

    it('refuses what it must, with typed errors that say what to do', async () => {
      const cases: [string, new (...args: never[]) => Error, RegExp][] = [
        ['../outside/secret.txt', PathOutsideWorkspaceError, /climbs out of the workspace/],
        [`${tree.outside}/secret.txt`, PathOutsideWorkspaceError, /absolute path is outside the workspace/],
        ['escape.txt', PathOutsideWorkspaceError, /symbolic link that leads outside/],
        ['escape-dir/secret.txt', PathOutsideWorkspaceError, /symbolic link that leads outside/],
        ['.env', SecretFileError, /looks like a secret file \(matches "\.env\*"\)/],
        ['keys/server.pem', SecretFileError, /"\*\.pem"/],
        ['config/credentials.json', SecretFileError, /"credentials\.\*"/],
        ['innocent.txt', SecretFileError, /"\.env\*"/],
        ['missing.ts', FileNotFoundError, /listFiles\("\*\*\/missing\.ts"\)/],
        ['src', IsDirectoryError, /listFiles\("src\/\*\*"\)/],
        ['binary.bin', BinaryFileError, /binary file/],
        ['huge.txt', FileTooLargeError, /over the 256\.0 KB limit/],
      ];
      for (const [path, type, message] of cases) {
        const error = await workspace.readFile(path).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error, path).toBeInstanceOf(type);
        expect(isWorkspaceError(error), path).toBe(true);
        expect((error as Error).message, path).toMatch(message);
      }
    });

    it('refuses line ranges that do not fit the file', async () => {
      await expect(workspace.readFile('README.md', { startLine: 9 })).rejects.toThrow(InvalidLineRangeError);
      await expect(workspace.readFile('README.md', { startLine: 3, endLine: 2 })).rejects.toThrow(
        /comes before start line 3/,
      );
      await expect(workspace.readFile('README.md', { startLine: 0 })).rejects.toThrow(/lines start at 1/);
    });

    it('reads a file whose NUL byte is past the first 8 KB, as git would', async () => {
      expect((await workspace.readFile('late-binary.dat', { endLine: 1 })).text).toBe('1| hello early');
    });
  });
});
