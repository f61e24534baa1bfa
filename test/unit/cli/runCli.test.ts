import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/cliIo';
import { commands } from '../../../src/cli/commands/index';
import { formatMatches } from '../../../src/cli/commands/grepCommand';
import { parseLocation } from '../../../src/cli/commands/readCommand';
import { runCli } from '../../../src/cli/runCli';
import { version } from '../../../package.json';
import { buildFixtureTree } from '../../fixtures/workspace/buildFixtureTree';
import type { FixtureTree } from '../../fixtures/workspace/buildFixtureTree';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('rlm CLI', () => {
  let tree: FixtureTree;

  const rlm = async (...argv: string[]): Promise<Run> => {
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
      cwd: tree.root,
      env: {},
    };
    const code = await runCli(argv, io, commands);
    return { code, stdout, stderr };
  };

  beforeAll(() => {
    tree = buildFixtureTree();
  });
  afterAll(() => tree.remove());

  it('prints help, command help and the version', async () => {
    const help = await rlm('--help');
    expect(help.code).toBe(0);
    for (const name of ['files', 'grep', 'read']) expect(help.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    const grepHelp = await rlm('help', 'grep');
    expect(grepHelp.stdout).toMatch(/^Usage: rlm grep PATTERN/);
    expect((await rlm('grep', '--help')).stdout).toBe(grepHelp.stdout);
    expect(await rlm('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('lists files, by glob, capped, and as JSON', async () => {
    const ts = await rlm('files', 'src/*.ts');
    expect(ts).toEqual({ code: 0, stdout: 'src/a-b.ts\nsrc/a.ts\nsrc/index.ts\nsrc/util.ts\n', stderr: '' });
    const capped = await rlm('files', '*.ts', '--max', '2');
    expect(capped.stdout).toBe('.hidden/visible.ts\ndir with space/file name.ts\n');
    expect(capped.stderr).toBe('… and 6 more (8 in all): narrow the glob or raise --max.\n');
    const json = JSON.parse((await rlm('files', 'src/a', '--json')).stdout);
    expect(json).toEqual({ files: ['src/a/b.ts'], total: 1, omitted: 0 });
  });

  it('greps with path:line:col: text, context groups, and a summary on stderr', async () => {
    const run = await rlm('grep', 'helper|FIXME', '--glob', 'src/**', '-C', '1', '--engine', 'js');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'src/index.ts-1- // Entry point. TODO: split this file',
        'src/index.ts:2:10: import { helper } from "./util";',
        'src/index.ts-3- ',
        '--',
        'src/index.ts-8- export function   spaced (a: number) {',
        'src/index.ts:9:10:   return helper(a); // FIXME handle zero  ',
        'src/index.ts-10- }',
        '--',
        'src/util.ts:1:17: export function helper(value: number): number {',
        'src/util.ts-2-   return value * 2; // hello',
        '',
      ].join('\n'),
    );
    expect(run.stderr).toBe('3 matching lines in 2 files (js).\n');
  });

  it('greps as JSON, with the same result from both engines', async () => {
    const viaJs = JSON.parse((await rlm('grep', 'hello', '--json', '--engine', 'js', '--max', '5')).stdout);
    const viaRipgrep = JSON.parse((await rlm('grep', 'hello', '--json', '--engine', 'ripgrep', '--max', '5')).stdout);
    expect(viaJs.engine).toBe('js');
    expect(viaRipgrep.engine).toBe('ripgrep');
    expect(viaRipgrep.matches).toEqual(viaJs.matches);
    expect(viaJs.truncated).toBe(true);
    expect(viaJs.matches).toHaveLength(5);
  });

  it('reads numbered lines, a range, and says how to read on', async () => {
    expect(await rlm('read', 'src/util.ts:2-3')).toEqual({
      code: 0,
      stdout: '2|   return value * 2; // hello\n3| }\n',
      stderr: '',
    });
    const json = JSON.parse((await rlm('read', 'README.md:3', '--json')).stdout);
    expect(json).toEqual({
      file: 'README.md',
      startLine: 3,
      endLine: 4,
      totalLines: 4,
      text: '3| hello world\n4| Say Hello to the fixture.',
    });
  });

  it('works on several --repo folders, paths prefixed by the folder name', async () => {
    const run = await rlm('files', '*.md', '--repo', tree.root, '--repo', tree.secondRoot);
    expect(run.stdout).toBe('project/README.md\nsecond/README.md\n');
  });

  it('exits 2 with one line on stderr for a bad command line', async () => {
    const cases: [string[], RegExp][] = [
      [[], /^rlm: missing command/],
      [['frobnicate'], /^rlm: unknown command "frobnicate"\. The commands are: files, grep, read/],
      [['grep'], /^rlm grep: missing PATTERN/],
      [['grep', 'a', 'b'], /^rlm grep: expected one PATTERN, got 2/],
      [['grep', 'x', '--bogus'], /^rlm grep: Unknown option '--bogus'\. See rlm help grep\./],
      [['grep', 'x', '--max', '0'], /^rlm grep: --max wants a whole number of at least 1, got "0"/],
      [['grep', 'x', '--engine', 'sed'], /^rlm grep: --engine wants auto, ripgrep or js/],
      [['grep', 'a(b'], /^rlm grep: invalid regex "a\(b": missing closing \)/],
      [['read', 'README.md:5-2'], /^rlm read: "README.md:5-2": lines start at 1 and the range must not run backwards/],
      [['files', '--repo', '/nonexistent/folder'], /^rlm files: --repo \/nonexistent\/folder: no such folder/],
    ];
    for (const [argv, message] of cases) {
      const run = await rlm(...argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stdout, argv.join(' ')).toBe('');
      expect(run.stderr, argv.join(' ')).toMatch(message);
      expect(run.stderr.trimEnd().split('\n'), argv.join(' ')).toHaveLength(1);
    }
  });

  it('exits 1 with one line on stderr when the operation fails', async () => {
    const cases: [string[], RegExp][] = [
      [['read', 'missing.ts'], /^rlm read: missing\.ts: no such file in the workspace/],
      [['read', '.env'], /^rlm read: \.env: refused, it looks like a secret file/],
      [
        ['read', '../outside/secret.txt'],
        /^rlm read: \.\.\/outside\/secret\.txt: the path climbs out of the workspace/,
      ],
      [['read', 'escape.txt'], /^rlm read: escape\.txt: the path is a symbolic link that leads outside the workspace/],
      [['read', 'binary.bin'], /^rlm read: binary\.bin: is a binary file/],
      [['read', 'src'], /^rlm read: src: is a folder, not a file/],
      [['read', 'README.md:9'], /^rlm read: README\.md: start line 9 is past the end: the file has lines 1-4\./],
    ];
    for (const [argv, message] of cases) {
      const run = await rlm(...argv);
      expect(run.code, argv.join(' ')).toBe(1);
      expect(run.stderr, argv.join(' ')).toMatch(message);
      expect(run.stderr.trimEnd().split('\n'), argv.join(' ')).toHaveLength(1);
    }
  });

  it('parses PATH:START-END locations', () => {
    expect(parseLocation('src/a.ts')).toEqual({ path: 'src/a.ts' });
    expect(parseLocation('src/a.ts:12-40')).toEqual({ path: 'src/a.ts', startLine: 12, endLine: 40 });
    expect(parseLocation('src/a.ts:12')).toEqual({ path: 'src/a.ts', startLine: 12, endLine: undefined });
    expect(parseLocation('src/a.ts:12-')).toEqual({ path: 'src/a.ts', startLine: 12, endLine: undefined });
    expect(parseLocation('C:\\x\\a.ts:3-4')).toEqual({ path: 'C:\\x\\a.ts', startLine: 3, endLine: 4 });
  });

  it('merges overlapping context in the grep layout', () => {
    const text = formatMatches([
      { file: 'a', line: 2, column: 1, text: 'two', before: ['one'], after: ['three'] },
      { file: 'a', line: 3, column: 1, text: 'three', before: ['two'], after: ['four'] },
    ]);
    expect(text).toBe('a-1- one\na:2:1: two\na-3- three\na:3:1: three\na-4- four\n');
  });
});

describe('rlm as a process', () => {
  let folder: string;
  let tree: FixtureTree;

  beforeAll(async () => {
    folder = mkdtempSync(nodePath.join(tmpdir(), 'rlm-cli-'));
    tree = buildFixtureTree();
    // Bundled the way esbuild.js bundles dist/cli.js, so the test needs no earlier build.
    await build({
      entryPoints: [nodePath.join(__dirname, '../../../src/cli/main.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      banner: { js: '#!/usr/bin/env node' },
      outfile: nodePath.join(folder, 'cli.js'),
      logLevel: 'silent',
    });
  });
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
    tree.remove();
  });

  it('runs grep and read, and reports exit codes', () => {
    const cli = nodePath.join(folder, 'cli.js');
    const grep = spawnSync(process.execPath, [cli, 'grep', 'hello\\b', '--glob', '*.md', '--repo', tree.root], {
      encoding: 'utf8',
    });
    expect(grep.status).toBe(0);
    expect(grep.stdout).toBe('README.md:3:1: hello world\nREADME.md:4:5: Say Hello to the fixture.\n');
    expect(grep.stderr).toBe('2 matching lines in 1 file (ripgrep).\n');
    const read = spawnSync(process.execPath, [cli, 'read', 'src/a.ts'], { encoding: 'utf8', cwd: tree.root });
    expect(read.stdout).toBe('1| export const a = "hello a";\n');
    const missing = spawnSync(process.execPath, [cli, 'read', 'nope.ts'], { encoding: 'utf8', cwd: tree.root });
    expect(missing.status).toBe(1);
    const usage = spawnSync(process.execPath, [cli, 'grep'], { encoding: 'utf8', cwd: tree.root });
    expect(usage.status).toBe(2);
  });
});
