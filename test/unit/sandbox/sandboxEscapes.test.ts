import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';
import { ReplSession } from '../../../src/core/sandbox/replSession';

let base: string;
let repl: ReplSession;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'escape-'));
  const root = join(base, 'repo');
  mkdirSync(join(root, 'src'), { recursive: true });
  writeFileSync(join(root, 'src/a.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, '.env'), 'API_KEY=do-not-leak\n');
  writeFileSync(join(base, 'outside.txt'), 'OUTSIDE SECRET\n');
  symlinkSync(join(base, 'outside.txt'), join(root, 'src/link.txt'));
  repl = await ReplSession.create({
    workspace: new NodeWorkspace({ roots: root, ripgrep: false }),
    subCall: async () => 'ok',
    childRun: async () => 'ok',
  });
});
afterAll(() => {
  repl.dispose();
  rmSync(base, { recursive: true, force: true });
});

async function run(code: string): Promise<string> {
  const result = await repl.runCell(code);
  return `${result.output}${result.error ? `\n${result.error}` : ''}`;
}

describe('sandbox escapes all fail', () => {
  it('reaches no Node globals through the Function constructor, globals or require', async () => {
    expect(await run("this.constructor.constructor('return process')()")).toMatch(
      /ReferenceError: 'process' is not defined/,
    );
    expect(
      await run("listFiles.constructor('return typeof process + typeof require + typeof fetch + typeof Buffer')()"),
    ).toBe('→ undefinedundefinedundefinedundefined');
    expect(await run("require('fs')")).toMatch(/ReferenceError: 'require' is not defined/);
    expect(await run('typeof __rlmHostAsync + typeof __rlmHostSync')).toBe('→ undefinedundefined');
  });

  it('cannot import modules, statically or dynamically', async () => {
    expect(await run("import('fs')")).toMatch(/could not load module 'fs'/);
    expect(await run("import fs from 'fs'")).toMatch(/import and export are not available: the REPL has no modules/);
  });

  it('pollutes only its own prototypes: host objects and host results are untouched', async () => {
    await run(
      'Object.prototype.polluted = "yes"; Array.prototype.push = () => 0; JSON.parse = () => ({ hacked: true }); listFiles.__proto__.call = null',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect([].push).toBe(Array.prototype.push);
    expect(await run('listFiles("src/*.ts")')).toBe('→ [\n  "src/a.ts"\n]');
  });

  it('reads nothing outside the workspace, through paths or symlinks, and no secret files', async () => {
    expect(await run('readFile("../outside.txt")')).toMatch(/^\nError: .*outside/i);
    expect(await run('readFile("/etc/passwd")')).toMatch(/^\nError: /);
    expect(await run('readFile("src/link.txt")')).not.toContain('OUTSIDE SECRET');
    expect(await run('readFile(".env")')).not.toContain('do-not-leak');
    expect(await run('JSON.stringify(grep("SECRET|do-not-leak"))')).toBe('→ []');
  });

  it('cannot get past the argument bounds with toJSON, replaced array methods or huge paths', async () => {
    // toJSON runs inside JSON.stringify, after the prelude walked the value: the sent JSON is measured again.
    expect(await run('const twice = "x".repeat(1.1e7); FINAL({ toJSON() { return [twice, twice] } })')).toMatch(
      /FINAL: the arguments hold more than 16777216 characters/,
    );
    expect(await run('FINAL({ toJSON() { return new Array(5e5).fill("a") } })')).toMatch(
      /FINAL: the arguments hold more than 200000 values/,
    );
    expect(
      await run('let d = "leaf"; for (let i = 0; i < 2000; i++) d = [d]; FINAL({ toJSON() { return d } })'),
    ).toMatch(/FINAL: the arguments are nested more than 8 levels deep/);
    // A walk that used push and pop would count nothing once they are replaced.
    expect(
      await run('Array.prototype.push = function () { return 0 }; const big = "y".repeat(1.2e7); FINAL([[big, big]])'),
    ).toMatch(/FINAL: the arguments hold more than 16777216 characters/);
    expect(await run('readFile("a/".repeat(8e6))')).toMatch(/readFile: path has 16000000 characters; at most 4096/);
    // Nothing of it ended the session.
    expect(await run('1 + 1')).toBe('→ 2');
  });

  it('shows a value the cell ends with or throws within bounds, whatever its depth or size, and keeps the session', async () => {
    // Written out by one native call, a 100,000-deep object (indentation quadratic in depth) or a DAG that doubles
    // 40 times ran past every limit, and the worker was replaced with all the cell's variables.
    const deep = 'var deep = {}; let at = deep; for (let i = 0; i < 100000; i++) { at.a = {}; at = at.a }';
    const shown = await repl.runCell(`${deep}; deep`);
    expect(shown.sessionReset).toBe(false);
    expect(shown.error).toBeUndefined();
    expect(shown.output).toMatch(/^→ \{\n {2}"a": \{\n/);
    expect(shown.output).toContain('"a": {…}');
    expect(shown.output.length).toBeLessThan(2_000);
    const thrown = await repl.runCell('throw deep');
    expect(thrown.sessionReset).toBe(false);
    expect(thrown.error).toMatch(/^Uncaught \{"a":\{"a":.*\{…\}\}+$/);
    const dag = await repl.runCell('let dag = [1]; for (let i = 0; i < 40; i++) dag = [dag, dag]; dag');
    expect(dag.sessionReset).toBe(false);
    expect(dag.output).toContain('[…]');
    const wide = await repl.runCell('var wide = Array.from({ length: 300000 }, (_, i) => ({ i })); wide');
    expect(wide.sessionReset).toBe(false);
    expect(wide.output).toMatch(/… \[value cut at 19800 characters: show part of it/);
    // print() writes objects out the same way: it showed "[object Object]" for the deep one.
    const printed = await repl.runCell('print(deep)');
    expect(printed.output).toMatch(/^\{\n {2}"a": \{\n[^]*"a": \{…\}/);
    // A typed array is read by index: listing its 5 million keys first ran out of memory.
    const typed = await repl.runCell('var bytes = new Uint8Array(5e6); bytes[1] = 7; bytes');
    expect(typed.error).toBeUndefined();
    expect(typed.output).toMatch(/^→ \[\n {2}0,\n {2}7,\n {2}0,[^]*… \[value cut at/);
    await repl.runCell('bytes = null');
    // The variables lived through all of it, and ordinary values read as JSON, as before.
    expect(await run('[typeof deep, wide.length]')).toBe('→ [\n  "object",\n  300000\n]');
    expect(await run('new Date(0)')).toBe('→ 1970-01-01T00:00:00.000Z');
    expect(await run('throw { code: 1 }')).toBe('\nUncaught {"code":1}');
  });
});
