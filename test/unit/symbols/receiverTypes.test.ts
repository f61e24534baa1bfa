import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseChain } from '../../../src/core/symbols/receiverTypes';
import { SymbolIndex } from '../../../src/core/symbols/symbolIndex';
import type { SymbolGraph } from '../../../src/core/symbols/symbolTypes';
import { listRepo } from './fixtureRepo';

const inferenceRepo = path.join(__dirname, '../../fixtures/symbols/inference');
let index: SymbolIndex;
let graph: SymbolGraph;
const edge = (from: string, to: string): string | undefined =>
  graph.edges.find((e) => e.from === `src/${from}` && e.to === `src/${to}` && e.kind === 'call')?.confidence;

beforeAll(async () => {
  index = new SymbolIndex({ root: inferenceRepo, options: { workers: 0 } });
  await index.build(listRepo(inferenceRepo));
  graph = index.exportGraph();
});

describe('receiver types', () => {
  it('a local initialised from a function with a declared return type', () => {
    expect(edge('app.ts#initialisers', 'types.ts#Sink.push')).toBe('import');
  });

  it('a call result with a declared return type, chained through methods', () => {
    expect(edge('app.ts#initialisers', 'types.ts#Source.subscribe')).toBe('import');
  });

  it('an imported module-level constant initialised with new', () => {
    expect(edge('app.ts#initialisers', 'types.ts#Scheduler.schedule')).toBe('import');
  });

  it('fields with generic types and getters with declared return types', () => {
    expect(edge('app.ts#Holder.flush', 'types.ts#Sink.push')).toBe('import');
  });

  it('a union-typed field resolves on the member that declares the method', () => {
    expect(edge('app.ts#Holder.finish', 'types.ts#Closer.close')).toBe('import');
  });

  it('callback parameters take the types the callee declares for them, `this:` parameters skipped', () => {
    expect(edge('app.ts#callbacks', 'types.ts#Source.pipe')).toBe('import');
    expect(edge('app.ts#callbacks', 'types.ts#Sink.push')).toBe('import');
    const sites = index.references('Sink.push').filter((s) => s.from.name === 'callbacks');
    expect(sites.map((s) => [s.line, s.confidence])).toEqual([
      [30, 'import'],
      [33, 'import'],
    ]);
  });

  it('`this` inside a function expression with a declared `this:` parameter has that type', () => {
    expect(edge('app.ts#repeatLater', 'types.ts#Sink.push')).toBe('import');
  });

  it('`this` inside a `function` callback has the `this:` type the callee declares for it', () => {
    expect(edge('app.ts#repeatUntyped', 'types.ts#Sink.push')).toBe('import');
    const schedule = index.outline('src/types.ts')?.find((d) => d.qualifiedName === 'Sink.schedule');
    expect(schedule?.parameters).toEqual([{ type: '', callback: [], callbackThis: 'Sink' }]);
  });

  it('a type parameter is not guessed into a workspace type: the call stays name-level', () => {
    expect(edge('app.ts#generic', 'types.ts#Sink.push')).toBe('name');
  });

  it('`new X()` never targets an interface (a same-named value is what gets constructed)', () => {
    expect(index.outline('src/types.ts')?.find((d) => d.id === 'src/types.ts#Failure')?.kind).toBe('interface');
    expect(graph.edges.filter((e) => e.from === 'src/app.ts#fail' && e.kind === 'call').map((e) => e.to)).not.toContain(
      'src/types.ts#Failure',
    );
  });

  it('records declared parameter and return types on TypeScript functions', () => {
    const operate = index.outline('src/types.ts')?.find((d) => d.name === 'operate');
    expect(operate?.parameters).toEqual([{ type: '', callback: ['Source', 'Sink'] }]);
    const ctor = index.outline('src/types.ts')?.find((d) => d.qualifiedName === 'Source.constructor');
    expect(ctor?.parameters).toEqual([{ type: '', callback: ['Sink'], callbackThis: 'Source' }]);
    expect(index.outline('src/types.ts')?.find((d) => d.name === 'createSink')?.returns).toBe('Sink');
  });
});

describe('parseChain', () => {
  it('splits receivers into named, called and constructed segments', () => {
    expect(parseChain('this.a.b(1,2)?.c!')).toEqual([
      { name: 'this', call: false, construct: false },
      { name: 'a', call: false, construct: false },
      { name: 'b', call: true, construct: false },
      { name: 'c', call: false, construct: false },
    ]);
    expect(parseChain('new Foo<T>(x.y)')).toEqual([{ name: 'Foo', call: true, construct: true }]);
  });

  it('reads a parenthesized cast as its type, gives up on shapes it cannot follow', () => {
    expect(parseChain('a[0].b')).toBeUndefined();
    expect(parseChain('(x as Y)')).toEqual([{ name: 'Y', call: false, construct: false, cast: true }]);
    expect(parseChain('(x + y)')).toBeUndefined();
    expect(parseChain('a.new B()')).toBeUndefined();
  });
});
