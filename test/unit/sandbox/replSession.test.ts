import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';
import { ReplSession } from '../../../src/core/sandbox/replSession';
import type { SandboxDependencies, SandboxLimits, SubCall } from '../../../src/core/sandbox/sandboxTypes';

let root: string;
let outside: string;
let session: ReplSession | undefined;

beforeAll(() => {
  const base = mkdtempSync(join(tmpdir(), 'repl-'));
  root = join(base, 'repo');
  outside = join(base, 'secret.txt');
  writeFileSync(outside, 'TOP SECRET');
  const files: Record<string, string> = {
    'src/main.ts': "import { parse } from './parser';\nexport function main(): void {\n  console.log(parse('x'));\n}\n",
    'src/parser.ts': 'export function parse(text: string): string {\n  return text.trim();\n}\n',
    'README.md': '# Demo\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
});
afterAll(() => rmSync(dirname(root), { recursive: true, force: true }));
afterEach(() => {
  session?.dispose();
  session = undefined;
});

const noSubCall: SubCall = () => Promise.reject(new Error('no sub-model in this test'));

async function open(
  deps: Partial<SandboxDependencies> = {},
  limits: Partial<SandboxLimits> = {},
): Promise<ReplSession> {
  session = await ReplSession.create(
    {
      workspace: new NodeWorkspace({ roots: root, ripgrep: false }),
      subCall: noSubCall,
      childRun: () => Promise.reject(new Error('no child')),
      ...deps,
    },
    limits,
  );
  return session;
}

describe('ReplSession', () => {
  it('keeps variables across cells, allows re-declaring top-level const, and shows the last value', async () => {
    const repl = await open();
    expect((await repl.runCell('const files = listFiles("src/**")\nfiles.length')).output).toBe('→ 2');
    const again = await repl.runCell('const files = listFiles()\nlet n = files.length\nprint("files:", files)\nn');
    expect(again.error).toBeUndefined();
    expect(again.output).toContain('files: [\n  "README.md",\n  "src/main.ts",\n  "src/parser.ts"\n]');
    expect(again.output.endsWith('→ 3')).toBe(true);
    expect((await repl.runCell('n * 2')).output).toBe('→ 6');
  });

  it('reads and searches the workspace with line numbers', async () => {
    const repl = await open();
    const result = await repl.runCell(
      'const hits = grep("parse\\\\(", {glob: "src/**"})\nprint(hits.map(h => h.file + ":" + h.line).join(", "))\nprint(readFile("src/parser.ts", 2, 2))',
    );
    expect(result.error).toBeUndefined();
    expect(result.output).toContain('src/main.ts:3, src/parser.ts:1');
    expect(result.output).toMatch(/^\s*2\|\s+return text\.trim\(\);$/m);
  });

  it('returns syntax and runtime errors to the model with cell line numbers, and the session goes on', async () => {
    const repl = await open();
    const syntax = await repl.runCell('const a = 1\nconst b = (;\n');
    expect(syntax.error).toMatch(/^SyntaxError: [^]*line 2/);
    const runtime = await repl.runCell('function boom() {\n  return missing.x\n}\nboom()');
    expect(runtime.error).toContain('ReferenceError');
    expect(runtime.error).toContain('at boom (line 2, column');
    const thrown = await repl.runCell('throw {code: 7}');
    expect(thrown.error).toBe('Uncaught {"code":7}');
    const host = await repl.runCell('readFile("src/nope.ts")');
    expect(host.error).toMatch(/^Error: .*nope\.ts/);
    expect(host.error).toContain('line 1');
    expect((await repl.runCell('1 + 1')).output).toBe('→ 2');
  });

  it('runs top-level await on REPL functions, and keeps what the cell declared', async () => {
    const repl = await open();
    const cell = await repl.runCell('const s = await readFile("README.md")\ns.includes("Demo")');
    expect(cell.error).toBeUndefined();
    expect(cell.output).toBe('→ true');
    expect((await repl.runCell('s.length > 0')).output).toBe('→ true');
  });

  it('interrupts an endless loop, reports it, and keeps earlier variables', async () => {
    const repl = await open({}, { cellCpuMs: 300 });
    await repl.runCell('var kept = 41');
    const loop = await repl.runCell('let i = 0\nwhile (true) { i++ }');
    expect(loop.stop).toBe('cpu-time');
    expect(loop.error).toMatch(/more than 300 ms of CPU time.*endless loop/);
    expect((await repl.runCell('kept + 1')).output).toBe('→ 42');
  });

  it('does not count time waiting in host functions as CPU time', async () => {
    const slowSubCall: SubCall = () => new Promise((resolve) => setTimeout(() => resolve('slow answer'), 400));
    const repl = await open({ subCall: slowSubCall }, { cellCpuMs: 300 });
    const result = await repl.runCell('llm("a")');
    expect(result.error).toBeUndefined();
    expect(result.output).toBe('→ slow answer');
  });

  it.each([
    ['many objects', 'var hoard = []\nwhile (true) hoard.push({ n: hoard.length, pad: [1, 2, 3] })'],
    ['large strings', 'var big = []\nfor (let i = 0; ; i++) big.push("x".repeat(100000) + i)'],
    ['typed arrays', 'var bufs = []\nwhile (true) bufs.push(new Uint8Array(1e6))'],
  ])(
    'stops a memory bomb (%s) at the limit, and the session recovers once the memory is freed',
    async (_kind, code) => {
      const repl = await open({}, { memoryBytes: 16 * 1024 * 1024, cellCpuMs: 20_000 });
      await repl.runCell('var before = 1');
      const bomb = await repl.runCell(code);
      expect(bomb.stop).toBe('memory');
      expect(bomb.sessionReset).toBe(false);
      expect(bomb.error).toMatch(/out of memory \(the REPL may use 16 MB\).*name = null/);
      expect(repl.memoryBytes).toBeLessThanOrEqual(32 * 1024 * 1024);
      expect((await repl.runCell('hoard = big = bufs = null\nbefore + 1')).output).toBe('→ 2');
      expect((await repl.runCell('listFiles("*.md")')).output).toContain('README.md');
      expect((await repl.runCell('"y".repeat(1e6).length')).output).toBe('→ 1000000');
    },
  );

  it('reports deep recursion as a stack overflow, and answers host calls made deep in the stack, without crashing', async () => {
    const repl = await open({}, { cellCpuMs: 10_000 });
    expect((await repl.runCell('function r(n) { return r(n + 1) + 1 }\nr(0)')).error).toMatch(
      /stack overflow|Maximum call stack/i,
    );
    expect((await repl.runCell('function f(n) { return n === 0 ? 0 : f(n - 1) + 1 }\nf(2000)')).output).toBe('→ 2000');
    const hostCallAt = (depth: number): string =>
      `function d(n) { return n === 0 ? readFile("README.md").includes("Demo") : d(n - 1) }\nd(${depth})`;
    expect((await repl.runCell(hostCallAt(300))).output).toBe('→ true');
    expect((await repl.runCell(hostCallAt(1200))).output).toBe('→ true');
    expect(
      (
        await repl.runCell(
          'const top = readFile("README.md").length;\n[1, 2].map(() => readFile("README.md").length).every((n) => n === top)',
        )
      ).output,
    ).toBe('→ true');
  });

  it('caps printed output per cell and counts what it dropped', async () => {
    const repl = await open({}, { outputChars: 100 });
    const result = await repl.runCell('for (let i = 0; i < 50; i++) print("line " + i)');
    expect(result.output.length).toBeLessThan(220);
    expect(result.droppedChars).toBeGreaterThan(200);
    expect(result.output).toMatch(/\[output truncated: \d+ more characters/);
  });

  it('ends with FINAL as a call (strings as given, other values as JSON), not by matching text', async () => {
    const repl = await open();
    expect((await repl.runCell('print("FINAL(not this)")')).finalAnswer).toBeUndefined();
    expect((await repl.runCell('FINAL("The entry point is src/main.ts:2")')).finalAnswer).toBe(
      'The entry point is src/main.ts:2',
    );
    expect((await repl.runCell('FINAL({ files: 3 })')).finalAnswer).toBe('{\n  "files": 3\n}');
  });

  it('cancels a pending host call through the AbortSignal, and the interrupt then stops the cell', async () => {
    let sawAbort = false;
    const hanging: SubCall = (_p, _o, signal) =>
      new Promise((_resolve, reject) =>
        signal.addEventListener('abort', () => {
          sawAbort = true;
          reject(new Error('aborted'));
        }),
      );
    const repl = await open({ subCall: hanging }, { cellCpuMs: 60_000 });
    const callAbort = new AbortController();
    setTimeout(() => callAbort.abort(), 100);
    const result = await repl.runCell('try { llm("never") } catch (e) { while (true) {} }', callAbort.signal);
    expect(result.stop).toBe('cancelled');
    expect(result.error).toBe('Stopped: the run was cancelled.');
    expect(sawAbort).toBe(true);
    const uncaught = new AbortController();
    setTimeout(() => uncaught.abort(), 100);
    expect((await repl.runCell('llm("never")', uncaught.signal)).stop).toBe('cancelled');
    expect((await repl.runCell('"still alive"')).output).toBe('→ still alive');
  });

  it('does not start work in a cell whose signal is already aborted', async () => {
    const repl = await open({}, { cellCpuMs: 60_000 });
    const result = await repl.runCell('while (true) {}', AbortSignal.abort());
    expect(result.stop).toBe('cancelled');
  });

  it('recovers from recursion that exhausts the stack after V8 has optimised the sandbox', async () => {
    const repl = await open({}, { cellCpuMs: 10_000 });
    await repl.runCell('let s = 0\nfor (let i = 0; i < 2e6; i++) s += i'); // about a second: enough for V8 to optimise the WASM
    const deep = await repl.runCell('function r(n) { return r(n + 1) + 1 }\nr(0)');
    expect(deep.error).toMatch(/stack overflow|The sandbox crashed/);
    expect((await repl.runCell('[3, 1, 2].sort((a, b) => a - b).map((x) => x * 2).join()')).output).toBe('→ 2,4,6');
  });

  it('stops the cell when a host function throws a run-stopping error, even if the model catches it', async () => {
    const budget = Object.assign(new Error('the sub-call budget of 3 is spent'), { stopsRun: true as const });
    const repl = await open({ subCall: () => Promise.reject(budget) });
    const result = await repl.runCell('for (;;) { try { llm("again") } catch (e) { print(e.message) } }');
    expect(result.stop).toBe('run-stopped');
    expect(result.runStoppingError).toBe(budget);
    expect(result.error).toBe('Stopped: the sub-call budget of 3 is spent.');
  });
});

describe('ReplSession host-side guards', () => {
  it('replaces a worker stuck in native operations past the CPU limit (the interrupt never fires between them)', async () => {
    const repl = await open({}, { cellCpuMs: 300 });
    expect((await repl.runCell('var kept = 1')).error).toBeUndefined();
    // A long JSON.stringify, over and over: too few bytecode steps between them for QuickJS to check its interrupt.
    const stuck = await repl.runCell(
      'const o = JSON.parse("[" + "1,".repeat(3e5) + "1]"); for (let i = 0; i < 100000; i++) JSON.stringify(o); 1',
    );
    expect(stuck.stop).toBe('cpu-time');
    expect(stuck.sessionReset).toBe(true);
    expect(stuck.error).toMatch(/past the REPL's 300 ms of CPU time.*REPL was reset/s);
    // The session works again, without the old variables.
    expect((await repl.runCell('typeof kept')).output).toBe('→ undefined');
  });

  it('does not count a synchronous llm() waiting for its model as computing', async () => {
    // The model answers once the watchdog has checked a worker active (blocked on the call) for longer than the CPU
    // limit plus the watchdog's 2 s grace: the moment it would have replaced a worker that was computing.
    let answer: ((text: string) => void) | undefined;
    const slowModel: SubCall = () => new Promise((resolve) => (answer = resolve));
    session = await ReplSession.create(
      {
        workspace: new NodeWorkspace({ roots: root, ripgrep: false }),
        subCall: slowModel,
        childRun: () => Promise.reject(new Error('no child')),
      },
      { cellCpuMs: 100 },
      undefined,
      { onWatchdogCheck: ({ activeMs }) => (activeMs > 2_300 ? answer?.('slow answer') : undefined) },
    );
    const repl = session;
    expect((await repl.runCell('var kept = 1')).error).toBeUndefined();
    const waited = await repl.runCell('llm("summarise")');
    expect(waited.error).toBeUndefined();
    expect(waited.sessionReset).toBe(false);
    expect(waited.output).toBe('→ slow answer');
    expect((await repl.runCell('kept')).output).toBe('→ 1');
  });

  it('runs at most 8 workspace calls at once, awaited or not', async () => {
    let inFlight = 0;
    let most = 0;
    let started = 0;
    // Calls wait here until 8 are waiting: more than 8 at once would show as `most`.
    let waiting: Array<() => void> = [];
    const releaseAll = (): void => {
      const released = waiting;
      waiting = [];
      for (const release of released) release();
    };
    const base = new NodeWorkspace({ roots: root, ripgrep: false });
    const workspace = Object.create(base) as NodeWorkspace;
    workspace.listFiles = async (...args: Parameters<NodeWorkspace['listFiles']>) => {
      started++;
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length === 8) releaseAll();
      });
      inFlight--;
      return base.listFiles(...args);
    };
    // Starting 3,000 calls takes a while on a loaded machine: this test is about slots, not the CPU limit.
    const repl = await open({ workspace }, { cellCpuMs: 20_000 });
    const all = await repl.runCell(
      '(await Promise.all(Array.from({ length: 200 }, () => listFiles.async("src/**")))).length',
    );
    expect(all.output).toBe('→ 200');
    expect(most).toBe(8);
    // Un-awaited calls go through the same slots, and the cell ends once they have been answered.
    most = 0;
    started = 0;
    const left = await repl.runCell('for (let i = 0; i < 3000; i++) listFiles.async("src/**"); "ended"');
    expect(left.output).toBe('→ ended');
    expect(started).toBe(3000);
    expect(most).toBe(8);
  });

  it('refuses calls past 5,000 in one cell with an error the model can act on', async () => {
    const repl = await open();
    const flood = await repl.runCell(
      'let n = 0; try { for (;;) { readFile("README.md", 1, 1); n++; } } catch (e) { print(String(e)); } n',
    );
    expect(flood.output).toMatch(/this cell already made 5000 calls to REPL functions/);
    expect(flood.output.endsWith('→ 5000')).toBe(true);
  });

  it('tells the model when .gitignore rules hide the listing, or were left out', async () => {
    const hiddenRoot = mkdtempSync(join(tmpdir(), 'repl-hidden-'));
    try {
      writeFileSync(join(hiddenRoot, '.gitignore'), '/*\n*a*a*a*a*a*a*b\n');
      writeFileSync(join(hiddenRoot, 'main.c'), 'int main(void) { return 0; }\n');
      const repl = await open({ workspace: new NodeWorkspace({ roots: hiddenRoot, ripgrep: false }) });
      const listed = await repl.runCell('listFiles().length');
      expect(listed.output).toMatch(/\[listFiles: .*\/\*.*\.gitignore:1/s);
      expect(listed.output).toMatch(/\[listFiles: .*\*a\*a\*a\*a\*a\*a\*b/s);
      expect(listed.output.endsWith('→ 0')).toBe(true);
    } finally {
      rmSync(hiddenRoot, { recursive: true, force: true });
    }
  });
});
