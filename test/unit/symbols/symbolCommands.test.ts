import * as fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/cliIo';
import { commands } from '../../../src/cli/commands/index';
import { runCli } from '../../../src/cli/runCli';
import { copyFixtureRepo } from './fixtureRepo';

const repo = copyFixtureRepo();
afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

async function rlm(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd: repo, env: {} };
  const code = await runCli(argv, io, commands);
  return { code, out, err };
}

describe('rlm symbol commands', () => {
  it('index --stats builds the cache under .cache/rlm and reports languages', async () => {
    const result = await rlm('index', '--stats', '--repo', repo);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Indexed 18 files/);
    expect(result.out).toContain('typescript   4');
    expect(fs.existsSync(`${repo}/.cache/rlm/symbols.index`)).toBe(true);
    expect((await rlm('index')).out).toContain('18 from cache');
  });

  it('symbols FILE prints the outline nested under classes', async () => {
    const result = await rlm('symbols', 'src/lib/math.ts');
    expect(result.out.split('\n').filter(Boolean)).toEqual([
      '    2  function add  export function add(a: number, b: number): number {',
      '    6  class Calc  export class Calc {',
      '    7    method sum  sum(values: number[]): number {',
      '   11    method total  total(values: number[]): number {',
    ]);
    expect((await rlm('symbols', 'nope.ts')).code).toBe(1);
  });

  it('find NAME accepts qualified names and kinds', async () => {
    expect((await rlm('find', 'Calc.sum')).out).toBe(
      'src/lib/math.ts:7  method Calc.sum  sum(values: number[]): number {\n',
    );
    expect((await rlm('find', 'User', '--kind', 'struct')).out).toContain('rs/src/model.rs:1  struct User');
    expect((await rlm('find', 'User', '--kind', 'widget')).code).toBe(2);
  });

  it('trace prints text, JSON and DOT', async () => {
    const text = await rlm('trace', 'add', '--direction', 'callers', '--depth', '1');
    expect(text.out).toContain('main -> add  [import] src/app.ts:14');
    const json = JSON.parse((await rlm('trace', 'add', '--direction', 'callers', '--json')).out) as {
      roots: string[];
      nodes: unknown[];
    };
    expect(json.roots).toEqual(['src/lib/math.ts#add']);
    expect((await rlm('trace', 'add', '--dot')).out).toMatch(/^digraph trace \{/);
    expect((await rlm('trace', 'add', '--direction', 'up')).code).toBe(2);
  });

  it('graph --json writes the documented shape', async () => {
    const graph = JSON.parse((await rlm('graph', '--json')).out) as {
      definitions: Array<Record<string, unknown>>;
      edges: Array<Record<string, unknown>>;
    };
    expect(Object.keys(graph.definitions[0]).sort()).toEqual([
      'endLine',
      'file',
      'id',
      'kind',
      'line',
      'name',
      'qualifiedName',
    ]);
    expect(graph.edges).toContainEqual({
      from: 'src/app.ts#main',
      to: 'src/lib/math.ts#add',
      kind: 'call',
      confidence: 'import',
    });
    expect(graph.edges.every((e) => ['call', 'import', 'type'].includes(e.kind as string))).toBe(true);
  });
});
