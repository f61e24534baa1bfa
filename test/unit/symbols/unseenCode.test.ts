import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SymbolIndex } from '../../../src/core/symbols/symbolIndex';
import type { SymbolGraph } from '../../../src/core/symbols/symbolTypes';
import { listRepo } from './fixtureRepo';

// Shapes met in third-party code (Flask, Click, Cobra, gorilla/mux, testify) where the index linked calls to
// definitions that are not what runs.
const unseenRepo = path.join(__dirname, '../../fixtures/symbols/unseen');
let index: SymbolIndex;
let graph: SymbolGraph;
const py = (id: string): string => `py/pkg/${id}`;
const go = (id: string): string => `go/lib/lib.go#${id}`;
const callEdge = (from: string, to: string): string | undefined =>
  graph.edges.find((e) => e.from === from && e.to === to && e.kind === 'call')?.confidence;
const calleesOf = (from: string): string[] =>
  graph.edges.filter((e) => e.from === from && e.kind === 'call').map((e) => `${e.to} ${e.confidence}`);

beforeAll(async () => {
  index = new SymbolIndex({ root: unseenRepo, options: { workers: 0 } });
  await index.build(listRepo(unseenRepo));
  graph = index.exportGraph();
});

describe('Python in code the index has not seen', () => {
  it('`import json` is the standard library, not a `json` subpackage of the project', () => {
    expect(index.imports('py/pkg/provider.py')?.find((i) => i.module === 'json')?.files).toEqual([]);
    expect(calleesOf(py('provider.py#Provider.loads'))).toEqual([]);
  });

  it('a bare call reaches neither a method (`open()` is not `LazyFile.open`) nor a parameter-shadowed function', () => {
    expect(calleesOf(py('provider.py#Provider.from_file'))).toEqual([]);
  });

  it('`os.environ.get()` goes through a module outside the workspace: no guess by name', () => {
    expect(calleesOf(py('provider.py#Provider.env'))).toEqual([]);
  });

  it('members missing from a class whose base is outside the workspace, and `super()`, are not guessed', () => {
    expect(calleesOf(py('provider.py#Group.parse_args'))).toEqual([]);
  });

  it('a nested function is reached by its bare name inside its function only, never as `x.extend()`', () => {
    expect(
      index
        .references('register.extend')
        .filter((s) => s.kind === 'call')
        .map((s) => [s.line, s.confidence]),
    ).toEqual([[51, 'exact']]);
  });

  it('a parameter annotated with a builtin type (`name: str`) calls no workspace method', () => {
    expect(calleesOf(py('provider.py#describe'))).toEqual([]);
  });

  it('`global x` then `x = …` keeps `x()` on the module-level name; a function-level import binds like a local', () => {
    expect(callEdge(py('provider.py#reader'), py('provider.py#_reader'))).toBe('exact');
    expect(callEdge(py('provider.py#App.test_client'), py('testing.py#Client'))).toBe('import');
  });
});

describe('Go in code the index has not seen', () => {
  it('`diff := diff(a, b)` calls the package function: the variable is in scope only after its declaration', () => {
    expect(callEdge(go('Equal'), go('diff'))).toBe('exact');
  });

  it('a bare call inside a method (its type declared in another file) reaches the package function, not the method', () => {
    expect(calleesOf(go('Cmd.MarkFlagRequired'))).toEqual([`${go('MarkFlagRequired')} exact`]);
  });

  it('a conversion `string(res)` is not a call of a method named `string`', () => {
    expect(calleesOf(go('Indent'))).toEqual([]);
  });

  it('a parameter or local holding a function shadows a package function of that name', () => {
    expect(calleesOf(go('Apply'))).toEqual([]);
    expect(calleesOf(go('Local'))).toEqual([]);
  });

  it('receivers typed outside the workspace (`*testing.T`, `error`, `os.Stdout`) call no workspace method', () => {
    expect(calleesOf(go('Report'))).toEqual([]);
    expect(calleesOf(go('Print'))).toEqual([]);
  });
});

describe('constructs of Python and Go', () => {
  it('`cls(...)` in a classmethod constructs the class; a property setter is a property too', () => {
    expect(callEdge(py('testing.py#Model.create'), py('testing.py#Model'))).toBe('exact');
    expect(
      index
        .outline('py/pkg/testing.py')
        ?.filter((s) => s.name === 'name')
        .map((s) => [s.line, s.kind]),
    ).toEqual([
      [15, 'property'],
      [19, 'property'],
    ]);
  });

  it('an interface embedding another has its methods; `new(T)` and `&T{}` receivers are typed', () => {
    expect(callEdge('go/lib/store.go#Server.Sync', 'go/lib/store.go#Reader.Read')).toBe('exact');
    expect(calleesOf('go/lib/store.go#Fresh').sort()).toEqual([
      'go/lib/store.go#Memory exact',
      'go/lib/store.go#Memory.Read exact',
      'go/lib/store.go#Memory.Write exact',
    ]);
  });
});

describe('scopes', () => {
  it('a name declared in a nearer scope shadows the same name further out', () => {
    expect(calleesOf(py('scopes.py#outer'))).toEqual(['py/pkg/scopes.py#outer.helper exact']);
    expect(
      graph.edges
        .filter((e) => e.from === 'rs/src/lib.rs#capture.Backtrace.capture' && e.kind === 'call')
        .map((e) => e.to),
    ).toEqual(['rs/src/lib.rs#capture.Backtrace']);
  });
});

describe('PHP', () => {
  it('a class of the same namespace needs no `use`: bases and `new` resolve to the file next door', () => {
    expect(calleesOf('php/Command/HelpCommand.php#HelpCommand.configure').sort()).toEqual([
      'php/Command/Command.php#Command import',
      'php/Command/Command.php#Command.setName import',
    ]);
  });
});

describe('TypeScript', () => {
  it('a parameter shadows an imported class of its name; a local alias of a module function calls it', () => {
    expect(calleesOf('ts/schemas.ts#required')).toEqual([]);
    expect(calleesOf('ts/schemas.ts#check')).toEqual(['ts/util.ts#isObject import']);
    expect(calleesOf('ts/schemas.ts#outer')).toEqual(['ts/schemas.ts#outer.helper exact']);
  });
});
