import { describe, expect, it } from 'vitest';
import type { SymbolInfo, SymbolRef } from '../../../src/core/symbols/symbolTypes';
import type { CallRow } from '../../../src/vscode/symbols/preciseTypes';
import { explainQuestion, explainRequest, maxListed } from '../../../src/vscode/trace/explainQuestion';
import {
  isGraphDepth,
  isInertSvg,
  maxSvgLength,
  parseGraphMessage,
} from '../../../src/core/protocol/graphMessageSchema';
import { pickSymbolAt } from '../../../src/vscode/trace/pickSymbolAt';

function info(id: string, startLine: number, endLine: number): SymbolInfo {
  const [file = '', qualifiedName = ''] = id.split('#');
  const name = qualifiedName.split('.').pop() ?? qualifiedName;
  return {
    id,
    file,
    name,
    qualifiedName,
    kind: 'method',
    language: 'typescript',
    line: startLine,
    column: 2,
    startLine,
    endLine,
    endColumn: 1,
    signature: `${name}()`,
  };
}

describe('pickSymbolAt', () => {
  const circleArea = info('src/shapes.ts#Circle.area', 12, 14);
  const squareArea = info('src/shapes.ts#Square.area', 25, 27);
  const otherArea = info('src/other.ts#Box.area', 3, 5);

  it('takes the definition in this file around the cursor', () => {
    expect(pickSymbolAt([otherArea, circleArea, squareArea], 'src/shapes.ts', 26).pick).toBe(squareArea);
  });

  it('takes the innermost of nested definitions around the cursor', () => {
    const outer = info('src/a.ts#run', 1, 40);
    const inner = info('src/a.ts#run.run', 10, 12);
    expect(pickSymbolAt([outer, inner], 'src/a.ts', 11).pick).toBe(inner);
  });

  it('takes the only definition in this file, else the only one anywhere', () => {
    expect(pickSymbolAt([otherArea, circleArea], 'src/shapes.ts', 40).pick).toBe(circleArea);
    expect(pickSymbolAt([otherArea], 'src/main.ts', 1).pick).toBe(otherArea);
  });

  it("leaves several candidates to the person, this file's first", () => {
    const choice = pickSymbolAt([otherArea, circleArea, squareArea], 'src/shapes.ts', 40);
    expect(choice.pick).toBeUndefined();
    expect(choice.ordered).toEqual([circleArea, squareArea, otherArea]);
    expect(pickSymbolAt([otherArea, circleArea], 'src/main.ts', 1).pick).toBeUndefined();
  });
});

describe('explainQuestion', () => {
  const root: SymbolRef = {
    id: 'src/r.ts#report',
    name: 'report',
    qualifiedName: 'report',
    kind: 'function',
    file: 'src/r.ts',
    line: 9,
    endLine: 13,
  };
  const row = (
    name: string,
    file: string,
    line: number,
    lines: number[],
    confidence: CallRow['confidence'],
  ): CallRow => ({
    symbol: { id: `${file}#${name}`, name, qualifiedName: name, kind: 'function', file, line, endLine: line + 2 },
    confidence,
    lines,
    sites: [],
  });

  it('names the symbol and lists callers, callees and imports with file:line and confidence', () => {
    const question = explainQuestion({
      root,
      callers: [row('main', 'src/main.ts', 3, [5], 'import')],
      callees: [row('format', 'src/f.ts', 2, [10, 11], 'name')],
      imports: [
        { module: './f', names: [{ name: 'format' }, { name: 'x', alias: 'y' }], line: 1, files: ['src/f.ts'] },
        { module: 'fs', names: [{ name: '*', alias: 'fs' }], line: 2, files: [] },
      ],
    });
    expect(question).toContain('`report` (function, src/r.ts:9)');
    expect(question).toContain('Callers (1):\n- main at src/main.ts:3, calls it on line 5 (import)');
    expect(question).toContain('Callees (1):\n- format at src/f.ts:2, called on line 10, 11 (name)');
    expect(question).toContain(
      'Imports of src/r.ts (2):\n- ./f → src/f.ts (line 1: format, x as y)\n- fs (line 2: * as fs)',
    );
  });

  it('asks a short question and attaches the whole trace as context', () => {
    const trace = {
      root,
      callers: [row('main', 'src/main.ts', 3, [5], 'import'), row('cli', 'src/cli.ts', 8, [9], 'exact')],
      // A symbol that both calls and is called counts once.
      callees: [row('format', 'src/f.ts', 2, [10, 11], 'name'), row('main', 'src/main.ts', 3, [12], 'import')],
      imports: [{ module: './f', names: [{ name: 'format' }], line: 1, files: ['src/f.ts'] }],
    };
    const request = explainRequest(trace);
    expect(request.question).toBe("Explain report's dependencies (4 symbols)");
    expect(request.context.label).toBe('Dependency trace of report: 2 callers, 2 callees, 1 import');
    expect(request.context.text).toBe(explainQuestion(trace));
  });

  it('says when a section is empty and keeps long lists compact', () => {
    const many = Array.from({ length: maxListed + 7 }, (_, i) =>
      row(`caller${i}`, 'src/c.ts', i + 1, [i + 2], 'exact'),
    );
    const question = explainQuestion({ root, callers: many, callees: [], imports: [] });
    expect(question).toContain(`Callers (${maxListed + 7}):`);
    expect(question).toContain('- … and 7 more');
    expect(question).not.toContain(`caller${maxListed}`);
    expect(question).toContain('Callees: none found.');
  });
});

describe('parseGraphMessage', () => {
  it("accepts the protocol's messages", () => {
    expect(parseGraphMessage({ type: 'ready' })).toEqual({ type: 'ready' });
    expect(parseGraphMessage({ type: 'setDepth', depth: 4 })).toEqual({ type: 'setDepth', depth: 4 });
    expect(parseGraphMessage({ type: 'openNode', id: 'src/a.ts#f' })).toEqual({ type: 'openNode', id: 'src/a.ts#f' });
    expect(parseGraphMessage({ type: 'svg', svg: '<svg xmlns="x"></svg>', requestId: 3 })).toEqual({
      type: 'svg',
      svg: '<svg xmlns="x"></svg>',
      requestId: 3,
    });
    expect(parseGraphMessage({ type: 'svg', svg: '<svg></svg>' })).toEqual({ type: 'svg', svg: '<svg></svg>' });
    expect(parseGraphMessage({ type: 'rendered', nodes: 4, edges: 3 })).toEqual({
      type: 'rendered',
      nodes: 4,
      edges: 3,
    });
    expect(parseGraphMessage({ type: 'exportDot', extra: 1 })).toEqual({ type: 'exportDot' });
  });

  it('drops anything malformed', () => {
    for (const bad of [
      null,
      'ready',
      { type: 'nope' },
      { type: 'setDepth', depth: 0 },
      { type: 'setDepth', depth: 6 },
      { type: 'setDepth', depth: 2.5 },
      { type: 'setDepth', depth: '2' },
      { type: 'openNode', id: '' },
      { type: 'openNode', id: 7 },
      { type: 'svg', svg: '<script>alert(1)</script>' },
      { type: 'svg', svg: `<svg>${'x'.repeat(maxSvgLength)}</svg>` },
      { type: 'svg', svg: '<svg></svg>', requestId: -1 },
      { type: 'rendered', nodes: -1, edges: 0 },
      { type: 'rendered', nodes: 1 },
      { type: 'openNode', id: 'x'.repeat(2001) },
      { type: 'svg', svg: '<svg></svg>', requestId: '3' },
      { type: 'renderError', message: 7 },
    ]) {
      expect(parseGraphMessage(bad), JSON.stringify(bad)?.slice(0, 80)).toBeUndefined();
    }
    expect(isGraphDepth(5)).toBe(true);
    expect(isGraphDepth(6)).toBe(false);
    expect(parseGraphMessage({ type: 'renderError', message: 'e'.repeat(5000) })).toEqual({
      type: 'renderError',
      message: 'e'.repeat(2000),
    });
  });

  it('drops an SVG that could run script when the saved file is opened, but keeps labels that only look like markup', () => {
    for (const svg of [
      '<svg><script>alert(1)</script></svg>',
      '<svg onload="alert(1)"></svg>',
      '<svg><g ONCLICK = "x()"></g></svg>',
      '<svg><foreignObject><div/></foreignObject></svg>',
      '<svg><a href="https://x.test"><text>t</text></a></svg>',
      '<svg><use xlink:href="data:image/svg+xml,x"/></svg>',
      '<svg><!DOCTYPE svg [<!ENTITY x "y">]></svg>',
      '<svg><rect fill="javascript:alert(1)"/></svg>',
    ]) {
      expect(isInertSvg(svg), svg).toBe(false);
      expect(parseGraphMessage({ type: 'svg', svg }), svg).toBeUndefined();
    }
    const drawn =
      '<svg xmlns="http://www.w3.org/2000/svg"><g transform="translate(1,2)"><title>function onload= &lt;script&gt;</title>' +
      '<rect width="9" height="4" fill="rgb(0, 0, 0)"/><text x="10" y="17">&lt;a href="x"&gt; onclick=</text></g>' +
      '<path d="M0,0 L1,1" marker-end="url(#arrow-exact)"/></svg>';
    expect(isInertSvg(drawn)).toBe(true);
  });
});
