import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformCell } from '../../../src/core/sandbox/cellTransform';
import { ReplSession } from '../../../src/core/sandbox/replSession';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';

const replNames = new Set(['listFiles', 'grep', 'readFile', 'llm', 'llmBatch']);
let session: ReplSession | undefined;
afterEach(() => {
  session?.dispose();
  session = undefined;
});

async function open(): Promise<ReplSession> {
  const root = mkdtempSync(join(tmpdir(), 'cell-'));
  writeFileSync(join(root, 'a.ts'), 'export const a = 1;\n');
  session = await ReplSession.create({
    workspace: new NodeWorkspace({ roots: root, ripgrep: false }),
    subCall: async (p) => `answer to ${p}`,
    childRun: async () => 'child',
  });
  return session;
}

describe('the cell transform', () => {
  it('rewrites declarations on the parsed tree, never inside strings or template literals', () => {
    const code = 'const t = `\nconst inner = 1\nlet other = 2\n`\nlet n = 1\nclass K {}\nif (n) { const local = 2 }';
    const out = transformCell(code, replNames).code;
    expect(out).toContain('`\nconst inner = 1\nlet other = 2\n`');
    expect(out).toMatch(/^var t = `/);
    expect(out).toContain('var n = 1');
    expect(out).toContain('var K = class K {};');
    expect(out).toContain('{ const local = 2 }');
    expect(out.split('\n')).toHaveLength(code.split('\n').length);
  });

  it('keeps every line where it was when it strips TypeScript or wraps top-level await', () => {
    const typescript = 'interface P { x: number }\nconst p = { x: 1 } as P\nconst q: P = p!\nawait llm("x")\nq.x';
    const out = transformCell(typescript, replNames);
    expect(out.typescript).toBe(true);
    expect(out.async).toBe(true);
    expect(out.code.split('\n')).toHaveLength(typescript.split('\n').length + 1); // the wrapper's closing line
    expect(out.code).toContain('llm.async("x")');
  });

  it('calls the promise form only where the value is awaited, and leaves names the cell declares alone', () => {
    const out = transformCell(
      'const a = llm("1")\nconst b = await llm("2")\nconst c = await Promise.all(xs.map((x) => llm(x)))\nconst grep = (p) => p\ngrep("x")',
      replNames,
    ).code;
    expect(out).toContain('(a = llm("1"))');
    expect(out).toContain('await llm.async("2")');
    expect(out).toContain('(x) => llm.async(x)');
    expect(out).not.toContain('grep.async');
  });

  it("reports a runtime error in TypeScript and in an awaiting cell at the model's own line", async () => {
    const repl = await open();
    const typed = await repl.runCell(
      'const n: number = 1\ntype T = { a: string }\nconst t = null as unknown as T\nt.a.length',
    );
    expect(typed.error).toMatch(/TypeError[^]*line 4/);
    const awaiting = await repl.runCell('const s = await readFile("a.ts")\n\nundefinedThing.x');
    expect(awaiting.error).toMatch(/ReferenceError[^]*line 3/);
    expect((await repl.runCell('s.length > 0')).output).toBe('→ true');
  });

  it("refuses arguments nested deeper than the bound before serializing them, within the cell's CPU time", async () => {
    const repl = await open();
    const deep = await repl.runCell('let a = []\nfor (let i = 0; i < 40000; i++) a = [a]\nlistFiles(a)');
    expect(deep.error).toMatch(/nested more than 8 levels deep/);
    const many = await repl.runCell('llmBatch(new Array(300000).fill("q"))');
    expect(many.error).toMatch(/more than 200000 values/);
    expect((await repl.runCell('listFiles("*.ts")')).output).toContain('a.ts');
  });

  it('says which function was meant when a cell calls one the REPL does not have', async () => {
    const repl = await open();
    expect((await repl.runCell('read_file("a.ts")')).error).toContain('did you mean readFile()?');
    expect((await repl.runCell('lstFiles()')).error).toContain('did you mean listFiles()?');
    expect((await repl.runCell('require("fs")')).error).toContain('there are no modules here');
  });
});
