import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SymbolIndex } from '../../../src/core/symbols/symbolIndex';
import type { SymbolRef } from '../../../src/core/symbols/symbolTypes';
import { childrenOf, isExpandable, rootNode } from '../../../src/vscode/trace/traceTreeNodes';
import type { TraceTreeNode } from '../../../src/vscode/trace/traceTreeNodes';
import { traceRow } from '../../../src/vscode/trace/traceTreeRows';
import { fixtureRepo, listRepo } from '../symbols/fixtureRepo';
import { indexQueries, writeCycleRepo } from './indexQueries';

let index: SymbolIndex;
let cycleIndex: SymbolIndex;
let cycleDir: string;

beforeAll(async () => {
  index = new SymbolIndex({ root: fixtureRepo, options: { workers: 0 } });
  await index.build(listRepo(fixtureRepo));
  cycleDir = writeCycleRepo();
  cycleIndex = new SymbolIndex({ root: cycleDir, options: { workers: 0 } });
  await cycleIndex.build(listRepo(cycleDir));
});

afterAll(() => fs.rmSync(cycleDir, { recursive: true, force: true }));

function ref(from: SymbolIndex, id: string): SymbolRef {
  const [file] = id.split('#');
  const info = from.outline(file ?? '')?.find((s) => s.id === id);
  if (!info) throw new Error(`${id} is not in the index`);
  return {
    id: info.id,
    name: info.name,
    qualifiedName: info.qualifiedName,
    kind: info.kind,
    file: info.file,
    line: info.line,
    endLine: info.endLine,
  };
}

/** `label | description` of each row, as the tree shows it. */
function shown(nodes: TraceTreeNode[]): string[] {
  return nodes.map((n) => {
    const row = traceRow(n);
    return row.description ? `${row.label} | ${row.description}` : row.label;
  });
}

function byLabel(nodes: TraceTreeNode[], label: string): TraceTreeNode {
  const node = nodes.find((n) => traceRow(n).label === label);
  if (!node) throw new Error(`no row ${label} in ${shown(nodes).join(', ')}`);
  return node;
}

describe('trace tree', () => {
  it('shows the root with four groups and asks the index nothing until a group expands', async () => {
    const asked: string[] = [];
    const root = rootNode(ref(index, 'src/lib/math.ts#Calc.sum'));
    const groups = await childrenOf(root, indexQueries(index, asked));
    expect(shown(groups)).toEqual(['Callers', 'Callees', 'Imports', 'Imported by']);
    expect(asked).toEqual([]);
    expect(traceRow(root)).toMatchObject({
      label: 'Calc.sum',
      description: 'src/lib/math.ts:7',
      icon: 'symbol-method',
      open: { file: 'src/lib/math.ts', line: 7 },
    });
  });

  it('lists callers and callees with file:line and how each was resolved, then expands a caller in the same direction', async () => {
    const asked: string[] = [];
    const queries = indexQueries(index, asked);
    const [callers, callees] = await childrenOf(rootNode(ref(index, 'src/lib/math.ts#Calc.sum')), queries);
    const callerRows = await childrenOf(callers!, queries);
    expect(shown(callerRows)).toEqual([
      'SubCalc.run | src/app.ts:7 · import',
      'Calc.total | src/lib/math.ts:11 · exact',
    ]);
    expect(shown(await childrenOf(callees!, queries))).toEqual(['add | src/lib/math.ts:2 · exact']);
    expect(asked).toEqual(['callers src/lib/math.ts#Calc.sum', 'callees src/lib/math.ts#Calc.sum']);

    const total = byLabel(callerRows, 'Calc.total');
    expect(traceRow(total).tooltip).toContain('calls it at src/lib/math.ts:12');
    expect(shown(await childrenOf(total, queries))).toEqual([
      'SubCalc.run | src/app.ts:7 · import',
      'main | src/app.ts:13 · import',
    ]);
    expect(asked.at(-1)).toBe('callers src/lib/math.ts#Calc.total');
  });

  it("lists a file's imports (workspace ones expand into their own imports) and its importers", async () => {
    const queries = indexQueries(index);
    const groups = await childrenOf(rootNode(ref(index, 'src/app.ts#main')), queries);
    const imports = await childrenOf(byLabel(groups, 'Imports'), queries);
    expect(shown(imports)).toEqual([
      '@lib/math | src/lib/math.ts · src/app.ts:1',
      './lib | src/lib/index.ts · src/app.ts:2',
      './lib/math | src/lib/math.ts · src/app.ts:3',
      'fs | outside the workspace · src/app.ts:4',
    ]);
    expect(isExpandable(byLabel(imports, 'fs'))).toBe(false);
    expect(shown(await childrenOf(byLabel(imports, './lib'), queries))).toEqual([
      './math | src/lib/math.ts · src/lib/index.ts:1',
      './helper | src/lib/helper.ts · src/lib/index.ts:2',
    ]);

    const mathGroups = await childrenOf(rootNode(ref(index, 'src/lib/math.ts#add')), queries);
    expect(shown(await childrenOf(byLabel(mathGroups, 'Imports'), queries))).toEqual(['math.ts imports nothing.']);
    expect(shown(await childrenOf(byLabel(mathGroups, 'Imported by'), queries))).toEqual([
      'app.ts | src/app.ts',
      'index.ts | src/lib/index.ts',
    ]);
  });

  it('marks a symbol already on the path as a cycle and does not expand it', async () => {
    const queries = indexQueries(cycleIndex);
    const [, callees] = await childrenOf(rootNode(ref(cycleIndex, 'src/ping.ts#ping')), queries);
    const pong = byLabel(await childrenOf(callees!, queries), 'pong');
    expect(isExpandable(pong)).toBe(true);
    const back = await childrenOf(pong, queries);
    expect(shown(back)).toEqual(['ping | src/ping.ts:3 · import · cycle']);
    expect(isExpandable(back[0]!)).toBe(false);
    expect(traceRow(back[0]!).icon).toBe('sync');
    expect(await childrenOf(back[0]!, queries)).toEqual([]);

    const [callers] = await childrenOf(rootNode(ref(cycleIndex, 'src/ping.ts#ping')), queries);
    const caller = byLabel(await childrenOf(callers!, queries), 'pong');
    expect(shown(await childrenOf(caller, queries))).toEqual(['ping | src/ping.ts:3 · import · cycle']);
  });

  it('says so when a group is empty', async () => {
    const queries = indexQueries(index);
    const [callers] = await childrenOf(rootNode(ref(index, 'src/app.ts#main')), queries);
    expect(shown(await childrenOf(callers!, queries))).toEqual(['No callers found in the index.']);
  });
});
