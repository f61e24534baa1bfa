import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ReferenceResolver } from '../../../src/core/symbols/referenceResolver';
import { SymbolIndex } from '../../../src/core/symbols/symbolIndex';
import { listRepo } from './fixtureRepo';

// Classes whose base is not in the workspace (a framework's), calling what they inherit without `this`: resolving
// such a call looks in the bases, and resolving the base's name must not look in the bases again without end.
const files: Record<string, string> = {
  'lib/link_processor.rb': [
    'module Docs',
    '  class LinkProcessor < Framework::Extensions::InlineMacroProcessor',
    '    use_dsl',
    '    def process(target)',
    '      render(target)',
    '      link_to(target)',
    '    end',
    '    def link_to(target)',
    '      target',
    '    end',
    '  end',
    'end',
    'class Widget < ExternalWidget',
    '  def draw',
    '    paint',
    '  end',
    'end',
  ].join('\n'),
  'src/Child.java': [
    'package app;',
    'import framework.Base;',
    'public class Child extends Base {',
    '  void run() { inheritedCall(); helper(); }',
    '  void helper() {}',
    '}',
    'class Loop extends Loop2 { void a() { missing(); } }',
    'class Loop2 extends Loop { void b() { alsoMissing(); } }',
  ].join('\n'),
  'src/Widget.cs': [
    'namespace App {',
    '  class Panel : Framework.Control {',
    '    void Render() { Invalidate(); Layout(); }',
    '    void Layout() {}',
    '  }',
    '}',
  ].join('\n'),
  'src/widget.cpp': [
    'class Button : public toolkit::Widget {',
    '  void press() { repaint(); click(); }',
    '  void click() {}',
    '};',
  ].join('\n'),
  // A policy class: several bases, none in the workspace, each inherited call looked up through all of them.
  'src/policy.hpp': [
    'class Table : public hash_fn, public eq_fn, public resize_policy, public allocator_base {',
    '  void insert() { grow(); rehash(); notify(); check(); }',
    '  void grow() {}',
    '};',
  ].join('\n'),
};

let root: string;
let index: SymbolIndex;
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-external-bases-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), `${text}\n`);
  }
  index = new SymbolIndex({ root, options: { workers: 0 } });
  await index.build(listRepo(root));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('classes extending bases outside the workspace', () => {
  it('resolves the whole graph, and calls to their own members still resolve exactly', () => {
    const graph = index.exportGraph();
    const calls = graph.edges.filter((e) => e.kind === 'call').map((e) => `${e.from} -> ${e.to} ${e.confidence}`);
    expect(calls).toContain(
      'lib/link_processor.rb#Docs.LinkProcessor.process -> lib/link_processor.rb#Docs.LinkProcessor.link_to exact',
    );
    expect(calls).toContain('src/Child.java#Child.run -> src/Child.java#Child.helper exact');
    expect(calls).toContain('src/Widget.cs#App.Panel.Render -> src/Widget.cs#App.Panel.Layout exact');
    expect(calls).toContain('src/widget.cpp#Button.press -> src/widget.cpp#Button.click exact');
  });

  it('answers callers and traces through them', () => {
    for (const name of ['use_dsl', 'render', 'paint', 'inheritedCall', 'missing', 'Invalidate', 'repaint', 'helper']) {
      expect(() => index.trace(name, { direction: 'both', depth: 3 })).not.toThrow();
    }
    expect(index.callers('helper').map((c) => c.symbol.qualifiedName)).toEqual(['Child.run']);
  });

  it('looks a base name up a bounded number of times however many bases there are', async () => {
    const fresh = new SymbolIndex({ root, options: { workers: 0 } });
    await fresh.build(['src/policy.hpp']);
    const lookups = vi.spyOn(ReferenceResolver.prototype as unknown as { resolveName: () => unknown }, 'resolveName');
    try {
      const calls = fresh.exportGraph().edges.map((e) => `${e.from} -> ${e.to} ${e.confidence}`);
      expect(calls).toContain('src/policy.hpp#Table.insert -> src/policy.hpp#Table.grow exact');
      // 176 lookups when each base is resolved once per depth; 38,228 when every path between the bases is walked.
      expect(lookups.mock.calls.length).toBeLessThan(500);
    } finally {
      lookups.mockRestore();
    }
  });
});
