import { beforeAll, describe, expect, it } from 'vitest';
import { SymbolIndex } from '../../../src/core/symbols/symbolIndex';
import { buildTraceSubgraph, traceSubgraphToDot } from '../../../src/core/symbols/traceSubgraph';
import type { TraceSubgraph } from '../../../src/core/protocol/traceGraphProtocol';
import { fixtureRepo, listRepo } from '../symbols/fixtureRepo';

let index: SymbolIndex;
const sum = 'src/lib/math.ts#Calc.sum';

beforeAll(async () => {
  index = new SymbolIndex({ root: fixtureRepo, options: { workers: 0 } });
  await index.build(listRepo(fixtureRepo));
});

function subgraph(root: string, depth: 1 | 2): TraceSubgraph {
  return buildTraceSubgraph(
    root,
    depth,
    index.trace(root, { direction: 'callers', depth }),
    index.trace(root, { direction: 'callees', depth }),
  );
}

describe('buildTraceSubgraph', () => {
  it('puts callers and callees of one symbol in one graph, each node on its side of the root', () => {
    const graph = subgraph(sum, 1);
    expect(graph.nodes.map((n) => `${n.label} ${n.side} ${n.depth}`)).toEqual([
      'Calc.sum root 0',
      'add callee 1',
      'Calc.total caller 1',
      'SubCalc.run caller 1',
    ]);
    expect(graph.edges.map((e) => `${e.from} -> ${e.to} ${e.confidence} ${e.file}:${e.line}`)).toEqual([
      'src/app.ts#SubCalc.run -> src/lib/math.ts#Calc.sum import src/app.ts:9',
      'src/lib/math.ts#Calc.sum -> src/lib/math.ts#add exact src/lib/math.ts:8',
      'src/lib/math.ts#Calc.total -> src/lib/math.ts#Calc.sum exact src/lib/math.ts:12',
    ]);
    expect(graph.root).toBe(sum);
    expect(graph.truncated).toBe(false);
  });

  it('goes further with depth, keeps every edge between nodes it has, and marks nodes reached both ways', () => {
    const graph = subgraph('src/lib/math.ts#Calc.total', 2);
    const side = (label: string): string | undefined => graph.nodes.find((n) => n.label === label)?.side;
    // main calls Calc.total (caller); Calc.total calls Calc.sum, which main does not call.
    expect(side('main')).toBe('caller');
    expect(side('Calc.sum')).toBe('callee');
    expect(side('add')).toBe('callee');
    // SubCalc.run calls both Calc.total and Calc.sum; only the callers walk reaches it.
    expect(side('SubCalc.run')).toBe('caller');
    expect(graph.nodes.find((n) => n.label === 'add')?.depth).toBe(2);
    for (const edge of graph.edges) {
      expect(graph.nodes.some((n) => n.id === edge.from) && graph.nodes.some((n) => n.id === edge.to)).toBe(true);
    }
  });

  it('merges a node both walks reach into side "both" and keeps the best confidence of a repeated edge', () => {
    const callers = {
      roots: ['a'],
      truncated: false,
      nodes: [node('a', 0), node('b', 1)],
      edges: [{ from: 'b', to: 'a', kind: 'call' as const, confidence: 'name' as const, file: 'x.ts', line: 3 }],
    };
    const callees = {
      roots: ['a'],
      truncated: true,
      nodes: [node('a', 0), node('b', 1)],
      edges: [
        { from: 'b', to: 'a', kind: 'call' as const, confidence: 'import' as const, file: 'x.ts', line: 3 },
        { from: 'a', to: 'b', kind: 'call' as const, confidence: 'exact' as const },
      ],
    };
    const graph = buildTraceSubgraph('a', 1, callers, callees);
    expect(graph.nodes.map((n) => `${n.id} ${n.side}`)).toEqual(['a root', 'b both']);
    expect(graph.edges.map((e) => `${e.from}->${e.to} ${e.confidence}`)).toEqual(['a->b exact', 'b->a import']);
    expect(graph.truncated).toBe(true);
  });
});

describe('traceSubgraphToDot', () => {
  it('writes every node and edge, the root bold and edges styled by confidence', () => {
    const dot = traceSubgraphToDot(subgraph(sum, 1));
    expect(dot.startsWith('digraph trace {\n')).toBe(true);
    expect(dot).toContain('"src/lib/math.ts#Calc.sum" [label="Calc.sum\\nsrc/lib/math.ts:7", penwidth=2];');
    expect(dot).toContain('"src/lib/math.ts#add" [label="add\\nsrc/lib/math.ts:2"];');
    expect(dot).toContain(
      '"src/app.ts#SubCalc.run" -> "src/lib/math.ts#Calc.sum" [style=dashed, label="import", tooltip="src/app.ts:9"];',
    );
    expect(dot).toContain(
      '"src/lib/math.ts#Calc.sum" -> "src/lib/math.ts#add" [style=solid, label="exact", tooltip="src/lib/math.ts:8"];',
    );
    expect(dot.match(/->/g)).toHaveLength(3);
    expect(dot.trimEnd().endsWith('}')).toBe(true);
  });

  it('quotes names that would break DOT', () => {
    const graph: TraceSubgraph = {
      root: 'a"b',
      depth: 1,
      truncated: false,
      edges: [],
      nodes: [{ id: 'a"b', label: 'say "hi"', kind: 'function', file: 'x.ts', line: 1, depth: 0, side: 'root' }],
    };
    expect(traceSubgraphToDot(graph)).toContain('"a\\"b" [label="say \\"hi\\"\\nx.ts:1", penwidth=2];');
  });
});

function node(
  id: string,
  depth: number,
): {
  id: string;
  name: string;
  qualifiedName: string;
  kind: 'function';
  file: string;
  line: number;
  endLine: number;
  depth: number;
} {
  return { id, name: id, qualifiedName: id, kind: 'function', file: 'x.ts', line: 1, endLine: 2, depth };
}
