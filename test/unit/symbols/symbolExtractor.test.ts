import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GrammarLoader } from '../../../src/core/symbols/grammarLoader';
import { languageForPath } from '../../../src/core/symbols/languages';
import { extractSymbols } from '../../../src/core/symbols/symbolExtractor';
import type { FileSymbols } from '../../../src/core/symbols/symbolTypes';

const fixtures = path.join(__dirname, '../../fixtures/symbols/langs');
const loader = new GrammarLoader();

async function extract(file: string): Promise<FileSymbols> {
  const language = languageForPath(file);
  if (!language) throw new Error(`no language for ${file}`);
  return extractSymbols(await loader.load(language), file, fs.readFileSync(path.join(fixtures, file), 'utf8'));
}

const defs = (s: FileSymbols): string[] => s.definitions.map((d) => `${d.kind} ${d.qualifiedName}`);
const refs = (s: FileSymbols): string[] =>
  s.references.map((r) => `${r.kind} ${r.receiver ? `${r.receiver}.` : ''}${r.name}`);

describe('extractSymbols', () => {
  it('TypeScript: classes, #private members, arrow functions, namespaces, member and this calls, imports', async () => {
    const s = await extract('sample.ts');
    expect(defs(s)).toEqual(
      expect.arrayContaining([
        'class Foo',
        'field Foo.#p',
        'constructor Foo.constructor',
        'method Foo.method',
        'method Foo.#m',
        'function arrow',
        'namespace NS',
        'function NS.inner',
        'interface IFace',
        'method IFace.m',
        'enum E',
        'type Alias',
      ]),
    );
    expect(s.definitions.find((d) => d.name === 'Foo')?.bases).toEqual(['Bar', 'IBaz', 'Qux']);
    expect(refs(s)).toEqual(
      expect.arrayContaining([
        'call this.#m',
        'call this.method',
        'call ns.call',
        'call foo.bar.baz',
        'new Baz',
        'type Promise',
      ]),
    );
    const enclosing = s.references.find((r) => r.name === 'method' && r.receiver === 'this');
    expect(s.definitions[enclosing?.enclosing ?? -1].qualifiedName).toBe('Foo.#m');
    expect(s.imports).toEqual(
      expect.arrayContaining([
        {
          module: './x',
          names: [{ name: 'default', alias: 'def' }, { name: 'a' }, { name: 'b', alias: 'c' }],
          line: 1,
        },
        { module: '../y', names: [{ name: '*', alias: 'ns' }], line: 2 },
        { module: './z', names: [{ name: 'z', alias: 'w' }], line: 3, reexport: true },
        { module: './all', names: [{ name: '*' }], line: 4, reexport: true },
        { module: 'fs', names: [{ name: '*', alias: 'r' }], line: 5 },
      ]),
    );
  });

  it('keeps signature lines and doc comments, and skips decorators in the signature', async () => {
    const java = await extract('Sample.java');
    const run = java.definitions.find((d) => d.qualifiedName === 'Sample.run');
    expect(run).toMatchObject({ signature: 'public void run() {', doc: 'Runs the service.', line: 15, startLine: 14 });
    const py = await extract('sample.py');
    expect(py.definitions.find((d) => d.name === 'Service')?.doc).toBe('Serves users.');
  });

  it('JavaScript and JSX: fields, class expressions, CommonJS exports, components as calls', async () => {
    const s = await extract('sample.jsx');
    expect(defs(s)).toEqual(
      expect.arrayContaining([
        'class Foo',
        'field Foo.#p',
        'method Foo.s',
        'method Foo.#m',
        'class C',
        'function helper',
      ]),
    );
    expect(s.definitions.find((d) => d.name === 'Foo')?.doc).toBe('Doc for Foo');
    expect(refs(s)).toEqual(expect.arrayContaining(['call Inner', 'call Comp.Sub']));
  });

  it('TSX: function components and JSX element references', async () => {
    const s = await extract('sample.tsx');
    expect(defs(s)).toEqual(['function App', 'function App.onClick']);
    expect(refs(s)).toEqual(expect.arrayContaining(['call Button', 'call UI.Panel', 'call track', 'type AppProps']));
  });

  it('Python: methods, constructors, self calls, relative and aliased imports', async () => {
    const s = await extract('sample.py');
    expect(defs(s)).toEqual(
      expect.arrayContaining([
        'class Service',
        'constructor Service.__init__',
        'method Service.find',
        'function main',
        'field Service.limit',
      ]),
    );
    expect(refs(s)).toEqual(
      expect.arrayContaining(['call self.lookup', 'call os.path.join', 'call helper', 'type User']),
    );
    expect(s.imports).toEqual(
      expect.arrayContaining([
        { module: 'numpy', names: [{ name: '*', alias: 'np' }], line: 2 },
        { module: '.models', names: [{ name: 'User' }, { name: 'Group', alias: 'G' }], line: 3 },
        { module: '..util', names: [{ name: '*' }], line: 4 },
      ]),
    );
  });

  it('Go: methods qualified by receiver type, package imports with aliases', async () => {
    const s = await extract('sample.go');
    expect(defs(s)).toEqual(
      expect.arrayContaining([
        'struct Store',
        'method Store.Add',
        'function NewStore',
        'interface Reader',
        'constant Limit',
      ]),
    );
    expect(s.definitions.find((d) => d.name === 'Store')?.bases).toEqual(['Base']);
    expect(refs(s)).toEqual(expect.arrayContaining(['call str.ToUpper', 'call fmt.Println', 'new Store']));
    expect(s.imports.map((i) => i.names[0])).toEqual([
      { name: '*', alias: 'fmt' },
      { name: '*', alias: 'str' },
    ]);
  });

  it('Rust: impl blocks qualify methods, use lists and mod declarations are imports', async () => {
    const s = await extract('sample.rs');
    expect(defs(s)).toEqual(
      expect.arrayContaining(['struct Store', 'method Store.new', 'method Store.add', 'trait Repo', 'function helper']),
    );
    expect(refs(s)).toEqual(expect.arrayContaining(['call self.insert', 'call HashMap.new', 'new Store']));
    expect(s.imports).toEqual(
      expect.arrayContaining([
        { module: 'crate::model', names: [{ name: 'User' }, { name: 'Group', alias: 'G' }], line: 2 },
        { module: 'model', names: [{ name: '*', alias: 'model' }], line: 3 },
      ]),
    );
  });

  it('Java: constructors, bases, unqualified and static calls, single-type and on-demand imports', async () => {
    const s = await extract('Sample.java');
    expect(defs(s)).toEqual(
      expect.arrayContaining(['class Sample', 'constructor Sample.Sample', 'method Sample.load', 'field Sample.users']),
    );
    expect(refs(s)).toEqual(expect.arrayContaining(['call load', 'call this.save', 'call Helper.log', 'new User']));
    expect(s.imports.map((i) => [i.module, i.names])).toEqual([
      ['java.util.List', [{ name: 'List' }]],
      ['com.example.model.User', [{ name: 'User' }]],
      ['com.example.util', [{ name: '*' }]],
    ]);
  });

  it('C: functions, structs, typedefs, macros, calls and includes', async () => {
    const s = await extract('sample.c');
    expect(defs(s)).toEqual(
      expect.arrayContaining([
        'function helper',
        'function main',
        'struct point',
        'type point_t',
        'macro MAX',
        'field point.x',
      ]),
    );
    expect(refs(s)).toEqual(expect.arrayContaining(['call printf', 'call helper', 'call util_run', 'type point_t']));
    expect(s.imports.map((i) => i.module)).toEqual(['stdio.h', 'util.h']);
  });

  it('C: kernel-style annotation macros (__init, __user, __printf(…)) do not hide the functions they decorate', async () => {
    const source = [
      'static int __init setup_thing(void)',
      '{',
      '\treturn helper(1);',
      '}',
      'static long __must_check copy_in(void __user *dst, const char __user *src)',
      '{',
      '\treturn 0;',
      '}',
      'static __printf(2, 3) void note(int level, const char *fmt, ...) { }',
      'int counter __read_mostly = 0;',
    ].join('\n');
    const s = extractSymbols(await loader.load('c'), 'kernel/thing.c', source);
    expect(defs(s)).toEqual(expect.arrayContaining(['function setup_thing', 'function copy_in', 'function note']));
    expect(s.definitions.find((d) => d.name === 'copy_in')?.line).toBe(5);
    expect(refs(s)).toContain('call helper');
  });

  it('C++: namespaces, out-of-line members, this-> calls, new', async () => {
    const s = await extract('sample.cpp');
    expect(defs(s)).toEqual(
      expect.arrayContaining(['namespace geo', 'class geo.Circle', 'method geo.Circle.area', 'function main']),
    );
    expect(refs(s)).toEqual(
      expect.arrayContaining(['call this.scale', 'call compute', 'new geo.Circle', 'call c.area']),
    );
  });

  it('C#: namespaces, properties, constructors, member calls, usings', async () => {
    const s = await extract('Sample.cs');
    expect(defs(s)).toEqual(
      expect.arrayContaining([
        'class Example.App.UserService',
        'property Example.App.UserService.Count',
        'method Example.App.UserService.Add',
        'constructor Example.App.UserService.UserService',
      ]),
    );
    expect(refs(s)).toEqual(expect.arrayContaining(['call Validate', 'call Console.WriteLine', 'new List']));
    expect(s.imports.map((i) => i.module)).toEqual(['System', 'System.Collections.Generic']);
  });

  it('Ruby: classes, singleton methods, Foo.new as construction, requires', async () => {
    const s = await extract('sample.rb');
    expect(defs(s)).toEqual(
      expect.arrayContaining([
        'class UserService',
        'constructor UserService.initialize',
        'method UserService.find',
        'method UserService.build',
        'constant UserService.LIMIT',
      ]),
    );
    expect(refs(s)).toEqual(expect.arrayContaining(['new User', 'call validate', 'call @repo.fetch']));
    expect(s.imports.map((i) => i.module)).toEqual(['json', 'models/user']);
  });

  it('PHP: classes, methods, $this and static calls, use with alias, require', async () => {
    const s = await extract('sample.php');
    expect(defs(s)).toEqual(
      expect.arrayContaining([
        'class UserService',
        'method UserService.find',
        'function helper',
        'field UserService.repo',
      ]),
    );
    expect(refs(s)).toEqual(expect.arrayContaining(['call $this.validate', 'call H.log', 'new User', 'call strlen']));
    expect(s.imports).toEqual(
      expect.arrayContaining([{ module: 'App\\Support\\Helper', names: [{ name: 'Helper', alias: 'H' }], line: 5 }]),
    );
  });

  it('indexes a file with syntax errors and keeps what parses', async () => {
    const s = await extract('broken.ts');
    expect(s.hasSyntaxErrors).toBe(true);
    expect(defs(s)).toEqual(expect.arrayContaining(['function good', 'class Fine', 'method Fine.method']));
    expect(refs(s)).toEqual(expect.arrayContaining(['call helper', 'call good']));
  });

  it('finds the comment right above a definition in every comment form, and none where there is none', async () => {
    const inline = async (file: string, source: string): Promise<Record<string, string | undefined>> => {
      const language = languageForPath(file);
      if (!language) throw new Error(`no language for ${file}`);
      const s = extractSymbols(await loader.load(language), file, source);
      return Object.fromEntries(s.definitions.map((d) => [d.name, d.doc]));
    };
    const c = await inline(
      'forms.c',
      [
        '#define PLAIN 1',
        '/* block */',
        '#define BLOCK 2',
        '/*',
        ' * several lines',
        ' */',
        'int several(void) { return 0; }',
        '// a line comment continued \\',
        'onto this line',
        'int continued(void) { return 1; }',
        '/* same line */ int sameLine(void) { return 2; }',
        'int apart(void) { return 3; } /* after */',
        '',
        'int spaced(void) { return 4; }',
      ].join('\n'),
    );
    expect(c).toEqual({
      PLAIN: undefined,
      BLOCK: 'block',
      several: 'several lines',
      continued: 'a line comment continued \\\nonto this line',
      sameLine: 'same line',
      apart: undefined,
      spaced: undefined,
    });
    const rb = await inline(
      'forms.rb',
      ['=begin', 'Ruby block', '=end', 'def ruby_block; end', '# hash', 'def hash; end'].join('\n'),
    );
    expect(rb).toEqual({ ruby_block: '=begin\nRuby block\n=end', hash: 'hash' });
    const js = await inline('forms.js', ['<!-- html-like', 'function htmlLike() {}', 'function none() {}'].join('\n'));
    expect(js.none).toBeUndefined();
    expect(js.htmlLike).toBe((await inline('forms.js', '<!-- html-like\nfunction htmlLike() {}')).htmlLike);
  });
});
