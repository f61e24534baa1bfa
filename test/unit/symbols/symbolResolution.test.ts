import { beforeAll, describe, expect, it } from 'vitest';
import { SymbolIndex } from '../../../src/core/symbols/symbolIndex';
import type { SymbolGraph } from '../../../src/core/symbols/symbolTypes';
import { fixtureRepo, listRepo } from './fixtureRepo';

let index: SymbolIndex;
let graph: SymbolGraph;
const edge = (from: string, to: string): string | undefined =>
  graph.edges.find((e) => e.from === from && e.to === to && e.kind === 'call')?.confidence;

beforeAll(async () => {
  index = new SymbolIndex({ root: fixtureRepo, options: { workers: 0 } });
  await index.build(listRepo(fixtureRepo));
  graph = index.exportGraph();
});

describe('resolution', () => {
  it('TypeScript: same file exact, tsconfig paths, index re-exports with aliases and namespace imports', () => {
    expect(edge('src/app.ts#main', 'src/app.ts#local')).toBe('exact');
    expect(edge('src/app.ts#main', 'src/lib/math.ts#add')).toBe('import');
    expect(edge('src/app.ts#main', 'src/lib/helper.ts#helper')).toBe('import');
    expect(edge('src/app.ts#main', 'src/lib/math.ts#Calc')).toBe('import');
    expect(edge('src/lib/math.ts#Calc.total', 'src/lib/math.ts#Calc.sum')).toBe('exact');
  });

  it('this and super calls resolve through imported bases', () => {
    expect(edge('src/app.ts#SubCalc.run', 'src/lib/math.ts#Calc.sum')).toBe('import');
    expect(edge('src/app.ts#SubCalc.run', 'src/lib/math.ts#Calc.total')).toBe('import');
  });

  it("a receiver with a declared type resolves to that type's member", () => {
    expect(edge('src/app.ts#main', 'src/lib/math.ts#Calc.total')).toBe('import');
  });

  it('a name imported from a package outside the workspace gets no edge', () => {
    expect(graph.edges.filter((e) => e.from === 'src/app.ts#main').map((e) => e.to)).not.toContain(
      expect.stringContaining('readFile'),
    );
    expect(index.callees('main').map((c) => c.symbol.name)).not.toContain('readFile');
  });

  it('Python: relative imports, submodule imports, self through bases', () => {
    expect(edge('py/pkg/service.py#run', 'py/pkg/models.py#User')).toBe('import');
    expect(edge('py/pkg/models.py#User.save', 'py/pkg/models.py#Base.validate')).toBe('exact');
    expect(edge('py/pkg/models.py#User.save', 'py/pkg/models.py#User.store')).toBe('exact');
  });

  it('Go: go.mod package folders and same-package files', () => {
    expect(edge('go/main.go#main', 'go/store/store.go#New')).toBe('import');
    expect(edge('go/main.go#main', 'go/util.go#helper')).toBe('import');
  });

  it('Rust: mod + use crate:: paths, Self:: and self. inside impl', () => {
    expect(edge('rs/src/main.rs#main', 'rs/src/model.rs#User.new')).toBe('import');
    expect(edge('rs/src/main.rs#main', 'rs/src/model.rs#helper')).toBe('import');
    expect(edge('rs/src/model.rs#User.new', 'rs/src/model.rs#User.make')).toBe('exact');
    expect(edge('rs/src/model.rs#User.greet', 'rs/src/model.rs#User.shout')).toBe('exact');
  });

  it('Java: imported classes, static calls, same-package classes, implicit this', () => {
    expect(edge('java/com/ex/app/Main.java#Main.main', 'java/com/ex/model/User.java#User.create')).toBe('import');
    expect(edge('java/com/ex/app/Main.java#Main.main', 'java/com/ex/app/Util.java#Util.log')).toBe('import');
    expect(edge('java/com/ex/model/User.java#User.save', 'java/com/ex/model/User.java#User.validate')).toBe('exact');
  });

  it('C: includes lead to the header and its implementation file', () => {
    expect(edge('c/main.c#main', 'c/util.c#util_run')).toBe('import');
    expect(graph.edges).toContainEqual({ from: 'c/main.c', to: 'c/util.h', kind: 'import', confidence: 'import' });
  });

  it('a local made by a constructor call resolves to the class member', () => {
    expect(edge('py/pkg/service.py#run', 'py/pkg/models.py#User.save')).toBe('import');
  });
});

describe('queries', () => {
  it('outline lists a file in source order with qualified names', () => {
    expect(index.outline('src/lib/math.ts')?.map((s) => `${s.kind} ${s.qualifiedName}:${s.line}`)).toEqual([
      'function add:2',
      'class Calc:6',
      'method Calc.sum:7',
      'method Calc.total:11',
    ]);
    expect(index.outline('missing.ts')).toBeUndefined();
  });

  it('findSymbol matches exact, qualified, camel-case and by kind', () => {
    expect(index.findSymbol('Calc.sum').map((s) => s.id)).toEqual(['src/lib/math.ts#Calc.sum']);
    expect(index.findSymbol('User', { exact: true, kind: 'class' }).map((s) => s.file)).toEqual([
      'java/com/ex/model/User.java',
      'py/pkg/models.py',
    ]);
    expect(index.findSymbol('User', { exact: true, kind: 'struct' }).map((s) => s.file)).toEqual(['rs/src/model.rs']);
    expect(index.findSymbol('SC')[0].name).toBe('SubCalc');
    expect(index.findSymbol('utilRun').map((s) => s.name)).toContain('util_run');
    // A query no name comes near is refused before any candidate is scored against it.
    expect(() => index.findSymbol('aA'.repeat(4e6))).toThrow(/findSymbol: the name has 8000000 characters/);
  });

  it('callers, callees, references and imports', () => {
    expect(index.callers('add').map((c) => `${c.symbol.id} ${c.confidence}`)).toEqual(
      expect.arrayContaining(['src/app.ts#main import', 'src/lib/math.ts#Calc.sum exact']),
    );
    expect(index.callees('src/app.ts#main').map((c) => c.symbol.id)).toEqual(
      expect.arrayContaining(['src/lib/math.ts#add', 'src/lib/helper.ts#helper', 'src/app.ts#local']),
    );
    expect(index.references('Calc').some((r) => r.kind === 'type' && r.file === 'src/app.ts')).toBe(true);
    expect(index.imports('src/app.ts')?.map((i) => [i.module, i.files])).toEqual([
      ['@lib/math', ['src/lib/math.ts']],
      ['./lib', ['src/lib/index.ts']],
      ['./lib/math', ['src/lib/math.ts']],
      ['fs', []],
    ]);
    expect(index.importers('src/lib/math.ts')).toEqual(['src/app.ts', 'src/lib/index.ts']);
  });

  it('trace walks callers and callees to a depth and stops at maxNodes', () => {
    const down = index.trace('src/app.ts#SubCalc.run', { direction: 'callees', depth: 2 });
    expect(down.nodes.map((n) => `${n.id}@${n.depth}`)).toEqual(
      expect.arrayContaining(['src/app.ts#SubCalc.run@0', 'src/lib/math.ts#Calc.sum@1', 'src/lib/math.ts#add@2']),
    );
    const up = index.trace('add', { direction: 'callers', depth: 3 });
    expect(up.nodes.map((n) => n.id)).toEqual(
      expect.arrayContaining(['src/lib/math.ts#Calc.total', 'src/app.ts#SubCalc.run']),
    );
    expect(up.edges.every((e) => ['exact', 'import', 'name'].includes(e.confidence))).toBe(true);
    const capped = index.trace('add', { direction: 'both', depth: 5, maxNodes: 2 });
    expect(capped.nodes).toHaveLength(2);
    expect(capped.truncated).toBe(true);
  });

  it('exportGraph uses repo-relative files, 1-based lines and definition ids on both ends', () => {
    const ids = new Set(graph.definitions.map((d) => d.id));
    expect(graph.edges.every((e) => ids.has(e.from) && ids.has(e.to))).toBe(true);
    expect(graph.definitions.find((d) => d.id === 'src/lib/math.ts#add')).toEqual({
      id: 'src/lib/math.ts#add',
      name: 'add',
      qualifiedName: 'add',
      kind: 'function',
      file: 'src/lib/math.ts',
      line: 2,
      endLine: 4,
    });
  });

  it('streamGraph hands over the same graph a file at a time: all definitions first, then all edges', async () => {
    const streamed: SymbolGraph = { definitions: [], edges: [] };
    const order: string[] = [];
    const done = { definitions: 0, edges: 0 };
    await index.streamGraph({
      definitions: (refs) => {
        order.push('definitions');
        streamed.definitions.push(...refs);
      },
      edges: (edges) => {
        order.push('edges');
        streamed.edges.push(...edges);
      },
      progress: (pass, count, total) => {
        done[pass] = count;
        expect(total).toBe(index.stats().indexed);
      },
    });
    expect(streamed).toEqual(graph);
    expect(graph.edges.length).toBeGreaterThan(20);
    expect(order.indexOf('edges')).toBe(order.lastIndexOf('definitions') + 1);
    expect(done).toEqual({ definitions: index.stats().indexed, edges: index.stats().indexed });
  });
});
