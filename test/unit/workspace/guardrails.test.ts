import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidGlobError,
  InvalidRegexError,
  NotRegularFileError,
  UnreadableFileError,
  VcsInternalsError,
  isWorkspaceError,
} from '../../../src/core/workspace/errors/index';
import { findRipgrepOnPath } from '../../../src/core/workspace/grep/findRipgrep';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';

// Hostile input from model code, and hostile files in the workspace: each must be refused or handled in
// bounded time. A check that would hang on the old code fails here by vitest's per-test timeout.

async function caught(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error,
  );
}

describe('workspace guardrails', () => {
  let root: string;
  let socket: Server;
  let engines: [string, NodeWorkspace][];

  beforeAll(async () => {
    root = mkdtempSync(nodePath.join(tmpdir(), 'rlm-guardrails-'));
    const write = (path: string, content: string): void => {
      mkdirSync(nodePath.dirname(nodePath.join(root, path)), { recursive: true });
      writeFileSync(nodePath.join(root, path), content);
    };
    write('redos.txt', `${'a'.repeat(40)}!x\nplain line\n`);
    write('long-name/placeholder.txt', 'hello\n');
    write(`long-name/${'a'.repeat(200)}.txt`, 'hello\n');
    write('.git/config', '[remote "origin"]\n\turl = https://user:ghp_token@example.com/repo.git\n');
    write('.hg/hgrc', '[paths]\ndefault = https://user:token@example.com/repo\n');
    write('.svn/entries', 'token\n');
    write('src/app.ts', 'export const token = "not a secret";\n');
    symlinkSync('.git/config', nodePath.join(root, 'git-config-link'));
    symlinkSync('loop', nodePath.join(root, 'loop'));
    execFileSync('mkfifo', [nodePath.join(root, 'pipe')]);
    socket = createServer();
    await new Promise<void>((resolve) => socket.listen(nodePath.join(root, 'app.sock'), resolve));
    const ripgrep = await findRipgrepOnPath();
    if (ripgrep === undefined) throw new Error('These tests need ripgrep on PATH (Debian: apt-get install ripgrep).');
    engines = [
      ['ripgrep', new NodeWorkspace({ roots: root, ripgrep })],
      ['js', new NodeWorkspace({ roots: root, ripgrep: false })],
    ];
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    rmSync(root, { recursive: true, force: true });
  });

  it('matches a catastrophic-backtracking pattern in linear time, with both engines', async () => {
    for (const [engine, workspace] of engines) {
      const result = await workspace.grep('(a+)+$|x', { glob: '*.txt' });
      expect(result.engine, engine).toBe(engine);
      expect(
        result.matches.map((match) => [match.file, match.line, match.column, match.matchLength]),
        engine,
      ).toEqual([['redos.txt', 1, 42, 1]]);
    }
  });

  it('takes NUL characters in patterns and paths with a clear answer, with both engines', async () => {
    for (const [engine, workspace] of engines) {
      // ripgrep cannot take a NUL in its arguments; the JavaScript engine searches instead of the spawn throwing.
      const result = await workspace.grep('a\0b|x');
      expect(result.matches.length, engine).toBeGreaterThan(0);
      await expect(workspace.readFile('redos.txt\0.env'), engine).rejects.toThrow(
        /^redos\.txt\\0\.env: no such file in the workspace/,
      );
    }
  });

  it('refuses lookarounds and backreferences with a message that says why', async () => {
    const [, workspace] = engines[0] as [string, NodeWorkspace];
    const error = await caught(workspace.grep('(\\w+) \\1'));
    expect(error).toBeInstanceOf(InvalidRegexError);
    expect(error.message).toMatch(
      /backreferences .* are not supported, since searches run on a linear-time \(RE2\) engine/,
    );
  });

  it('refuses globs that would expand or backtrack without bound, wherever a glob enters', async () => {
    const [, workspace] = engines[1] as [string, NodeWorkspace];
    const cases: [string, RegExp][] = [
      ['{1..40000000}', /braces expand to more than 100 patterns/],
      ['*a*a*a*a*a*a*a*a*a*a*b', /has 11 '\*' wildcards; at most 3 per path segment/],
      ['{a,{b,{c,{d,e}}}}', /nested 4 deep/],
      ['**/a/**/b/**/c/**/d/**/e', /5 "\*\*" segments/],
      ['x'.repeat(301), /301 characters long/],
    ];
    for (const [glob, reason] of cases) {
      for (const [engine, each] of engines) {
        const listError = await caught(each.listFiles(glob));
        expect(listError, `${engine} listFiles ${glob}`).toBeInstanceOf(InvalidGlobError);
        expect(listError.message).toMatch(reason);
        expect(listError.message).toMatch(/use a simpler glob/);
        expect(await caught(each.grep('hello', { glob })), `${engine} grep ${glob}`).toBeInstanceOf(InvalidGlobError);
      }
    }
    expect(() => new NodeWorkspace({ roots: root, limits: { excludeGlobs: ['{1..1000}'] } })).toThrow(InvalidGlobError);
    expect(() => new NodeWorkspace({ roots: root, limits: { secretFileGlobs: ['*a*a*a*a*b'] } })).toThrow(
      InvalidGlobError,
    );
    // Extglob groups are off: "+(a|aa)" is exponential on a long name; here it is plain text.
    expect((await workspace.listFiles('+(a|aa)+(a|aa)b')).files).toEqual([]);
    // Globs within the bounds still work, on long names too.
    expect((await workspace.listFiles('*a*a*.txt')).files).toEqual([`long-name/${'a'.repeat(200)}.txt`]);
  });

  it('reads only regular files: a FIFO or a socket is refused by type, and never hangs a search or a listing', async () => {
    for (const [engine, workspace] of engines) {
      for (const [path, kind] of [
        ['pipe', 'named pipe (FIFO)'],
        ['app.sock', 'socket'],
      ]) {
        const error = await caught(workspace.readFile(path as string));
        expect(error, `${engine} ${path}`).toBeInstanceOf(NotRegularFileError);
        expect(error.message).toBe(
          `${path}: is a ${kind}, not a regular file, so it is not read. Read a regular file instead.`,
        );
        expect(await caught(workspace.locate(path as string)), `${engine} locate ${path}`).toBeInstanceOf(
          NotRegularFileError,
        );
      }
      const listed = (await workspace.listFiles()).files;
      expect(listed, engine).not.toContain('pipe');
      expect(listed, engine).not.toContain('app.sock');
      const found = await workspace.grep('', { glob: '{pipe,app.sock,redos.txt}' });
      expect(
        found.matches.map((match) => match.file),
        engine,
      ).toEqual(['redos.txt', 'redos.txt']);
      expect((await workspace.grep('x', { glob: 'pipe' })).matches, engine).toEqual([]);
    }
  });

  it('never reads version-control internals, by any path', async () => {
    for (const [engine, workspace] of engines) {
      for (const [path, folder] of [
        ['.git/config', '.git'],
        ['./src/../.git/config', '.git'],
        ['.GIT/config', '.GIT'],
        ['git-config-link', '.git'],
        ['.hg/hgrc', '.hg'],
        ['.svn/entries', '.svn'],
        ['.git', '.git'],
      ]) {
        const error = await caught(workspace.readFile(path as string));
        expect(error, `${engine} ${path}`).toBeInstanceOf(VcsInternalsError);
        expect(error.message, path).toMatch(
          new RegExp(`inside the version-control folder "\\${folder}", which is never read`),
        );
        expect(await caught(workspace.locate(path as string)), `${engine} locate ${path}`).toBeInstanceOf(
          VcsInternalsError,
        );
      }
      expect((await workspace.listFiles('.git/**')).files, engine).toEqual([]);
      for (const glob of ['.git/**', '.git/config', '**/config', '{.git,.hg,.svn}/*', '.hg/hgrc']) {
        const result = await workspace.grep('token', { glob });
        expect(result.matches, `${engine} ${glob}`).toEqual([]);
      }
      expect(
        (await workspace.grep('token')).matches.map((match) => match.file),
        engine,
      ).toEqual(['src/app.ts']);
    }
  });

  it('shows the model workspace paths only, never the host path of the workspace', async () => {
    for (const [engine, workspace] of engines) {
      const errors = [
        await caught(workspace.readFile('loop')),
        await caught(workspace.readFile('pipe')),
        await caught(workspace.readFile('missing/file.ts')),
        await caught(workspace.readFile('.git/config')),
      ];
      expect(errors[0], engine).toBeInstanceOf(UnreadableFileError);
      expect(errors[0]?.message).toBe('loop: cannot be read (too many levels of symbolic links). Try another file.');
      for (const error of errors) {
        expect(isWorkspaceError(error), error.message).toBe(true);
        expect(error.message).not.toContain(root);
        expect(error.message).not.toContain(tmpdir());
      }
    }
  });
});
