import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { IndexedSymbolService } from '../../../src/core/sandbox/indexedSymbolService';
import { ReplSession } from '../../../src/core/sandbox/replSession';
import type { IndexStats } from '../../../src/core/symbols/symbolIndex';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';

const fixtureRepo = join(__dirname, '../../fixtures/symbols/repo');
const cacheDir = mkdtempSync(join(tmpdir(), 'repl-symbols-'));
let repl: ReplSession | undefined;
afterEach(() => {
  repl?.dispose();
  repl = undefined;
});
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

async function open(): Promise<{ repl: ReplSession; service: IndexedSymbolService; builds: IndexStats[] }> {
  const builds: IndexStats[] = [];
  const workspace = new NodeWorkspace({ roots: fixtureRepo, ripgrep: false });
  const service = new IndexedSymbolService({
    workspace,
    cacheDir,
    indexOptions: { workers: 0 },
    onIndexed: (stats) => builds.push(stats),
  });
  repl = await ReplSession.create({ workspace, symbols: service, subCall: async (p) => p, childRun: async (q) => q });
  return { repl, service, builds };
}

async function value(session: ReplSession, code: string): Promise<unknown> {
  const cell = await session.runCell(`JSON.stringify(${code})`);
  expect(cell.error).toBeUndefined();
  return JSON.parse(cell.output.replace(/^→ /, ''));
}

describe('symbol functions in the REPL, on the fixture repo', () => {
  it('builds the index only on the first symbol call, then answers with path:line citations', async () => {
    const { repl: session, service, builds } = await open();
    expect((await session.runCell('listFiles("src/**").length')).output).toBe('→ 4');
    expect(service.opened).toBe(false);
    expect(existsSync(join(cacheDir, 'symbols.json'))).toBe(false);

    const outline = (await value(session, 'symbols("src/lib/math.ts")')) as {
      name: string;
      at: string;
      kind: string;
      doc?: string;
    }[];
    expect(service.opened).toBe(true);
    expect(builds).toHaveLength(1);
    expect(outline.map((s) => `${s.kind} ${s.name} ${s.at}`)).toEqual([
      'function add src/lib/math.ts:2',
      'class Calc src/lib/math.ts:6',
      'method Calc.sum src/lib/math.ts:7',
      'method Calc.total src/lib/math.ts:11',
    ]);
    expect(outline[0].doc).toBe('Adds two numbers.');

    expect(await value(session, 'findSymbol("Calc.sum").map((s) => s.name + " " + s.at)')).toEqual([
      'Calc.sum src/lib/math.ts:7',
    ]);
    const refs = (await value(session, 'references("add")')) as { at: string; in: string; confidence: string }[];
    expect(refs.map((r) => `${r.at} in ${r.in}`)).toEqual(
      expect.arrayContaining(['src/app.ts:14 in main', 'src/lib/math.ts:8 in Calc.sum']),
    );

    const callees = (await value(session, 'trace("main", {direction: "callees", depth: 1})')) as {
      roots: string[];
      edges: { from: string; to: string; at: string }[];
    };
    expect(callees.roots).toContain('main src/app.ts:13');
    expect(callees.edges.map((e) => `${e.from} -> ${e.to} ${e.at}`)).toEqual(
      expect.arrayContaining([
        'main -> add src/app.ts:14',
        'main -> local src/app.ts:20',
        'main -> Calc.total src/app.ts:18',
      ]),
    );
    const callers = (await value(
      session,
      'trace("Calc.sum", {direction: "callers", depth: 2}).nodes.map((n) => n.name + "@" + n.depth)',
    )) as string[];
    expect(callers).toEqual(expect.arrayContaining(['Calc.sum@0', 'Calc.total@1', 'SubCalc.run@1']));
    expect(builds).toHaveLength(1);
  });

  it('tells the model what to do when a file or a name is not in the index', async () => {
    const { repl: session } = await open();
    expect((await session.runCell('symbols("README.md")')).error).toMatch(
      /README\.md is not in the symbol index.*readFile/,
    );
    expect((await session.runCell('references("noSuchThing")')).error).toMatch(
      /no definition named "noSuchThing".*findSymbol\("noSuchThing"\)/,
    );
    expect((await session.runCell('trace("noSuchThing", {depth: 1})')).error).toMatch(
      /no definition named "noSuchThing"/,
    );
    expect((await session.runCell('findSymbol("noSuchThing").length')).output).toBe('→ 0');
  });

  it('loads the persisted index in a later session instead of parsing again', async () => {
    const { repl: session, builds } = await open();
    expect(await value(session, 'findSymbol("helper").map((s) => s.at)')).toContain('src/lib/helper.ts:1');
    expect(builds[0].extracted).toBe(0);
    expect(builds[0].reused).toBe(builds[0].files);
  });
});
