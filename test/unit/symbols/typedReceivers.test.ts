import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SymbolIndex } from '../../../src/core/symbols/symbolIndex';
import type { SymbolGraph } from '../../../src/core/symbols/symbolTypes';
import { listRepo } from './fixtureRepo';

const typedRepo = path.join(__dirname, '../../fixtures/symbols/typed');
let index: SymbolIndex;
let graph: SymbolGraph;
const edge = (from: string, to: string): string | undefined =>
  graph.edges.find((e) => e.from === from && e.to === to && e.kind === 'call')?.confidence;

beforeAll(async () => {
  index = new SymbolIndex({ root: typedRepo, options: { workers: 0 } });
  await index.build(listRepo(typedRepo));
  graph = index.exportGraph();
});

const py = (file: string): string => `py/app/${file}`;
const go = (file: string): string => `go/${file}`;

describe('Python receiver types', () => {
  it('annotated parameters: plain, string, `X | None`', () => {
    expect(edge(py('live.py#annotated'), py('console.py#Console.print'))).toBe('import');
    expect(edge(py('live.py#annotated'), py('console.py#Theme.style'))).toBe('import');
    expect(
      index
        .references('Theme.style')
        .filter((s) => s.from.name === 'annotated')
        .map((s) => [s.line, s.confidence]),
    ).toEqual([
      [26, 'import'],
      [27, 'import'],
    ]);
  });

  it('locals from constructors and from calls with annotated returns, `Optional[X]` and string returns, call chains', () => {
    const sites = (name: string) =>
      index
        .references(name)
        .filter((s) => s.from.name === 'locals_from_calls')
        .map((s) => [s.line, s.confidence]);
    expect(sites('Console.print')).toEqual([
      [32, 'import'],
      [34, 'import'],
    ]);
    expect(sites('Theme.style')).toEqual([[36, 'import']]);
    expect(sites('Console.segments')).toEqual([[37, 'import']]);
  });

  it('`self.x` typed from `__init__` assignments (parameters, constructors, annotations) and class-level annotations', () => {
    const sites = index
      .references('Console.print')
      .filter((s) => s.from.name === 'refresh')
      .map((s) => [s.line, s.confidence]);
    expect(sites).toEqual([
      [17, 'import'],
      [18, 'import'],
    ]);
    expect(edge(py('live.py#Live.refresh'), py('console.py#Theme.style'))).toBe('import');
  });

  it('loop variables over annotated iterables, parameters and fields', () => {
    expect(edge(py('live.py#loops'), py('console.py#Segment.render'))).toBe('import');
    expect(edge(py('live.py#Live.refresh'), py('console.py#Segment.render'))).toBe('import');
  });

  it('`super().m()` and `super(C, self).m()` resolve to the base class method, `super()` itself to nothing', () => {
    expect(edge(py('base.py#Panel.measure'), py('base.py#Renderable.measure'))).toBe('exact');
    expect(edge(py('base.py#Panel.close'), py('base.py#Renderable.close'))).toBe('exact');
    expect(graph.edges.filter((e) => e.from === py('base.py#Panel.measure')).map((e) => e.to)).toEqual([
      py('base.py#Renderable.measure'),
    ]);
  });

  it('`from . import mod` and `from .pkg import mod` lead into the module, not the package `__init__`', () => {
    expect(edge(py('live.py#modules'), py('render/markup.py#escape'))).toBe('import');
    expect(edge(py('live.py#modules'), py('base.py#Panel.measure'))).toBe('import');
  });

  it('an import inside a function binds the name in that function only', () => {
    expect(edge(py('live.py#scoped_import'), py('render/markup.py#render'))).toBe('import');
    expect(edge(py('live.py#outside_scope'), py('render/markup.py#render'))).toBe('name');
  });

  it('an untyped receiver stays a name-level guess', () => {
    expect(edge(py('live.py#unknown'), py('console.py#Console.print'))).toBe('name');
  });

  it('records annotated return types of Python functions', () => {
    const outline = index.outline(py('console.py')) ?? [];
    expect(outline.find((d) => d.name === 'get_console')?.returns).toBe('Console');
    expect(outline.find((d) => d.name === 'find_theme')?.returns).toBe('Theme');
    expect(outline.find((d) => d.name === 'segments')?.returns).toBeUndefined();
  });
});

describe('Go receiver types', () => {
  it("the method's own receiver, locals from its methods' declared results, struct fields", () => {
    expect(edge(go('tree/node.go#Node.Walk'), go('tree/node.go#Node.Child'))).toBe('exact');
    expect(edge(go('tree/node.go#Node.Walk'), go('tree/node.go#Node.Parent'))).toBe('exact');
    expect(edge(go('tree/other.go#Tree.Size'), go('tree/node.go#Node.Walk'))).toBe('import');
  });

  it("embedded structs' promoted methods", () => {
    expect(edge(go('tree/node.go#Node.Walk'), go('tree/node.go#Meta.Describe'))).toBe('exact');
    expect(edge(go('cmd/main.go#use'), go('tree/node.go#Meta.Describe'))).toBe('import');
  });

  it('parameters, composite literals, `&T{}`, `new(T)` and constructors with declared results, through an import alias', () => {
    const sites = (name: string) =>
      index
        .references(name)
        .filter((s) => s.from.name === 'use')
        .map((s) => [s.line, s.confidence]);
    expect(sites('Node.Walk')).toEqual([[14, 'import']]);
    expect(sites('Tree.Size')).toEqual([
      [15, 'import'],
      [19, 'import'],
    ]);
    expect(sites('Node.Child')).toEqual([[17, 'import']]);
    expect(sites('Node.Parent')).toEqual([[21, 'import']]);
    expect(sites('Meta.Describe')).toEqual([[24, 'import']]);
    expect(edge(go('cmd/main.go#use'), go('tree/node.go#NewNode'))).toBe('import');
  });

  it("a local type's method is not confused with a same-named method of another package", () => {
    expect(
      index
        .references('Render.Walk')
        .filter((s) => s.from.name === 'use')
        .map((s) => [s.line, s.confidence]),
    ).toEqual([[26, 'exact']]);
  });

  it('records the first declared result of Go functions', () => {
    expect(index.outline(go('tree/node.go'))?.find((d) => d.name === 'NewNode')?.returns).toBe('Node');
  });

  it('an interface-typed receiver stays a name-level guess', () => {
    expect(edge(go('cmd/main.go#unknown'), go('tree/node.go#Node.Walk'))).toBe('name');
  });
});

describe('Python properties', () => {
  it('reading a `@property` links to its getter and types the chain; plain attributes and method references do not link', () => {
    expect(index.outline(py('console.py'))?.find((d) => d.name === 'first')?.kind).toBe('property');
    expect(edge(py('live.py#properties'), py('console.py#Console.first'))).toBe('import');
    expect(edge(py('live.py#properties'), py('console.py#Segment.render'))).toBe('import');
    expect(
      graph.edges
        .filter((e) => e.from === py('live.py#properties') && e.kind === 'call')
        .map((e) => e.to)
        .sort(),
    ).toEqual([py('console.py#Console.first'), py('console.py#Segment.render')]);
  });
});

describe('TypeScript', () => {
  it('a named import of a namespace re-export (`export * as util`) resolves `util.f()`', () => {
    expect(edge('ts/app.ts#run', 'ts/util.ts#format')).toBe('import');
  });

  it('a call to an overloaded function gets one edge, to the first signature', () => {
    const sites = index.references('parse').filter((s) => s.from.name === 'run');
    expect(sites.map((s) => [s.to.line, s.confidence])).toEqual([[1, 'import']]);
  });

  it('a call inside an arrow function that is an object-literal property belongs to the enclosing definition (a method keeps its own)', () => {
    expect(edge('ts/app.ts#configure', 'ts/parse.ts#helper')).toBe('import');
    expect(
      graph.edges
        .filter((e) => e.to === 'ts/parse.ts#helper')
        .map((e) => e.from)
        .sort(),
    ).toEqual(['ts/app.ts#configure', 'ts/app.ts#configure.compute']);
  });
});

describe('Python initialisers with branches', () => {
  it('`a or b`, `X() if c else y` and names assigned twice take the first branch that gives a type', () => {
    const sites = (name: string) =>
      index
        .references(name)
        .filter((s) => s.from.name === 'branches')
        .map((s) => [s.line, s.confidence]);
    expect(sites('Console.print')).toEqual([[71, 'import']]);
    expect(sites('Theme.style')).toEqual([
      [73, 'import'],
      [74, 'import'],
      [76, 'import'],
    ]);
  });
});
