import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';
import {
  replFunctions,
  replFunctionsMarkdown,
  replFunctionsPromptSection,
} from '../../../src/core/sandbox/replFunctions';
import { ReplSession } from '../../../src/core/sandbox/replSession';
import type { SandboxDependencies, SandboxSymbolService } from '../../../src/core/sandbox/sandboxTypes';

let root: string;
let repl: ReplSession | undefined;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'fns-'));
  mkdirSync(join(root, 'src'));
  for (let i = 1; i <= 5; i++) writeFileSync(join(root, `src/m${i}.ts`), `export const value${i} = ${i};\n`);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  repl?.dispose();
  repl = undefined;
});

async function open(deps: Partial<SandboxDependencies>): Promise<ReplSession> {
  repl = await ReplSession.create(
    {
      workspace: new NodeWorkspace({ roots: root, ripgrep: false }),
      subCall: async (p) => p,
      childRun: async (q) => `child: ${q}`,
      ...deps,
    },
    { subCallConcurrency: 3 },
  );
  return repl;
}

describe('the REPL function table', () => {
  it('generates the prompt section and the markdown reference from the same entries', () => {
    const prompt = replFunctionsPromptSection();
    const markdown = replFunctionsMarkdown();
    for (const f of replFunctions) {
      expect(prompt).toContain(`- ${f.signature}: ${f.doc}`);
      expect(markdown).toContain(`| ${f.doc.replace(/\|/g, '\\|')} |`);
    }
    expect(markdown.split('\n')).toHaveLength(replFunctions.length + 2);
    expect(replFunctions.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'listFiles',
        'grep',
        'readFile',
        'symbols',
        'findSymbol',
        'references',
        'trace',
        'llm',
        'llmBatch',
        'llmMap',
        'rlm',
        'print',
        'FINAL',
      ]),
    );
  });

  it('binds exactly the table’s functions inside the sandbox', async () => {
    const session = await open({});
    const names = JSON.stringify(replFunctions.map((f) => f.name));
    expect((await session.runCell(`${names}.filter((n) => typeof globalThis[n] !== 'function')`)).output).toBe('→ []');
  });

  it('runs llmBatch with bounded concurrency, answers in order, per-item failures as text', async () => {
    let inFlight = 0;
    let peak = 0;
    const session = await open({
      subCall: async (prompt) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setImmediate(r)); // a turn of the event loop: the batch's other calls start meanwhile
        inFlight--;
        if (prompt === 'bad') throw new Error('model refused');
        return prompt.toUpperCase();
      },
    });
    const result = await session.runCell('llmBatch(["a", "b", "bad", "c", "d", "e", "f"])');
    expect(result.output).toBe(
      '→ [\n  "A",\n  "B",\n  "[llm error: model refused]",\n  "C",\n  "D",\n  "E",\n  "F"\n]',
    );
    expect(peak).toBe(3);
  });

  it('gives llmMap each file’s numbered content and returns {file, answer} pairs', async () => {
    const prompts: string[] = [];
    const session = await open({
      subCall: async (prompt) => {
        prompts.push(prompt);
        return `seen ${prompts.length}`;
      },
    });
    const result = await session.runCell(
      'const r = llmMap(listFiles("src/*.ts"), "What does it export?")\nr.map((x) => x.file + "=" + x.answer.startsWith("seen")).join(",")',
    );
    expect(result.output).toBe('→ src/m1.ts=true,src/m2.ts=true,src/m3.ts=true,src/m4.ts=true,src/m5.ts=true');
    expect(prompts.find((p) => p.includes('src/m3.ts'))).toMatch(
      /^What does it export\?[^]*src\/m3\.ts:LINE[^]*1\| export const value3 = 3;/,
    );
  });

  it('passes symbol queries to the symbol service as JSON, and says when there is none', async () => {
    const calls: unknown[] = [];
    const symbols: SandboxSymbolService = {
      symbols: async (path) => {
        calls.push(['symbols', path]);
        return [{ name: 'value1', kind: 'constant', line: 1 }];
      },
      findSymbol: async (name) => {
        calls.push(['findSymbol', name]);
        return [];
      },
      references: async (name) => {
        calls.push(['references', name]);
        return [];
      },
      trace: async (name, options) => {
        calls.push(['trace', name, options]);
        return { nodes: [], edges: [] };
      },
    };
    const session = await open({ symbols });
    const result = await session.runCell(
      'symbols("src/m1.ts")[0].name + findSymbol("x").length + references("y").length + trace("z", {direction: "callers", depth: 3}).nodes.length',
    );
    expect(result.output).toBe('→ value1000');
    expect(calls).toEqual([
      ['symbols', 'src/m1.ts'],
      ['findSymbol', 'x'],
      ['references', 'y'],
      ['trace', 'z', { direction: 'callers', depth: 3 }],
    ]);
    expect((await session.runCell('trace("z", {direction: "up"})')).error).toMatch(/direction must be/);
    repl?.dispose();
    const without = await open({});
    expect((await without.runCell('findSymbol("x")')).error).toMatch(
      /symbol index is not available.*use grep and readFile/,
    );
  });

  it('checks arguments and explains a wrong call', async () => {
    const session = await open({});
    expect((await session.runCell('readFile(42)')).error).toMatch(
      /readFile: path must be a non-empty string, got number/,
    );
    expect((await session.runCell('llmBatch("one prompt")')).error).toMatch(
      /llmBatch: prompts must be an array of strings/,
    );
    expect((await session.runCell('rlm("why?")')).output).toBe('→ child: why?');
  });
});
