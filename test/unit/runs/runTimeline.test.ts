import { describe, expect, it } from 'vitest';
import { RunState } from '../../../src/core/engine/runState';
import { buildTimeline } from '../../../src/core/engine/runTimeline';
import type { TimelineBar } from '../../../src/core/protocol/chatProtocol';
import { assignLanes, layoutTimeline, timeTicks } from '../../../webview-ui/src/timeline/timelineLayout';
import { syntheticRun } from './syntheticRun';

const bar = (
  id: string,
  startMs: number,
  endMs: number,
  kind: TimelineBar['kind'] = 'sub-call',
  depth = 1,
): TimelineBar => ({ id, kind, runId: 'r', depth, label: id, startMs, endMs, state: 'done' });

describe('buildTimeline', () => {
  const events = syntheticRun(
    { iterations: 1, cellsPerIteration: 1, subCallsPerCell: 3, childRunsPerCell: 1, maxDepth: 1 },
    5_000,
  );

  it('has one bar per model call, cell, sub-call and child run, timed from the root start, with tree node ids', () => {
    const bars = buildTimeline(events);
    const tree = RunState.fromEvents(events);
    expect(bars.map((b) => b.kind)).toEqual([
      'root-call',
      'code-cell',
      'sub-call',
      'sub-call',
      'sub-call',
      'child-run',
      'root-call',
      'code-cell',
      'sub-call',
      'sub-call',
      'sub-call',
      'root-call',
      'root-call',
    ]);
    for (const b of bars) expect(tree.get(b.id)).toBeDefined();
    expect(bars[0]).toMatchObject({ id: 'root:m1', runId: 'root', depth: 0, startMs: 0, endMs: 40, state: 'done' });
    expect(bars[1]).toMatchObject({ id: 'root.c1.0', startMs: 40 });
    // Sub-calls run from startedAt for durationMs, one level below the cell's run.
    expect(bars.slice(2, 5).map((b) => [b.startMs, b.endMs, b.depth])).toEqual([
      [41, 61, 1],
      [41, 62, 1],
      [41, 63, 1],
    ]);
    const child = bars[5];
    expect(child).toMatchObject({ id: 'r1', runId: 'r1', depth: 1, label: 'child 0 of root', state: 'done' });
    const childEnd = events.find((e) => e.type === 'answer' && e.runId === 'r1')!.at - 5_000;
    expect(child.endMs).toBe(childEnd);
    expect(bars[1].endMs).toBeGreaterThanOrEqual(childEnd);
  });

  it('shows steps still in flight as running up to the last event', () => {
    const cut = events.findIndex((e) => e.type === 'model-reply' && e.runId === 'r1');
    const partial = events.slice(0, cut);
    const last = partial.at(-1)!.at - 5_000;
    const running = buildTimeline(partial).filter((b) => b.state === 'running');
    expect(running.map((b) => [b.id, b.endMs])).toEqual([
      ['root.c1.0', last],
      ['r1', last],
      ['r1:m1', last],
    ]);
  });

  it('marks a failed sub-call as an error and returns no bars without a run', () => {
    const failed = events.map((e) =>
      e.type === 'sub-call' && e.callId.endsWith('s1') && e.runId === 'root'
        ? { ...e, error: 'HTTP 500', answer: undefined }
        : e,
    );
    expect(
      buildTimeline(failed)
        .filter((b) => b.state === 'error')
        .map((b) => b.id),
    ).toEqual(['root:sroot.c1.0s1']);
    expect(buildTimeline([])).toEqual([]);
  });
});

describe('timeline layout', () => {
  it('gives overlapping sub-calls separate lanes and reuses a lane once it is free', () => {
    expect(assignLanes([bar('a', 0, 10), bar('b', 2, 8), bar('c', 5, 12), bar('d', 10, 15), bar('e', 12, 13)])).toEqual(
      [0, 1, 2, 0, 1],
    );
  });

  it('never lets two bars of one row overlap, in a real-shaped run', () => {
    const bars = buildTimeline(
      syntheticRun({ iterations: 2, cellsPerIteration: 2, subCallsPerCell: 4, childRunsPerCell: 2, maxDepth: 2 }),
    );
    const layout = layoutTimeline(bars, 0);
    expect(layout.bars).toHaveLength(bars.length);
    const rows = new Set(layout.bars.map((p) => p.row));
    for (const row of rows) {
      const sorted = layout.bars
        .filter((p) => p.row === row)
        .map((p) => p.bar)
        .sort((x, y) => x.startMs - y.startMs);
      for (let i = 1; i < sorted.length; i++) expect(sorted[i].startMs).toBeGreaterThanOrEqual(sorted[i - 1].endMs);
    }
    // Depth sections stack in order and each bar sits in its own depth's section.
    expect(layout.sections.map((s) => s.depth)).toEqual([0, 1, 2, 3]);
    for (const { bar: b, row } of layout.bars) {
      const section = layout.sections.find((s) => s.depth === b.depth)!;
      expect(row).toBeGreaterThanOrEqual(section.firstRow);
      expect(row).toBeLessThan(section.firstRow + section.rows);
    }
    // The four parallel sub-calls of the first root cell are side by side: four different rows.
    const parallel = layout.bars.filter((p) => p.bar.id.startsWith('root:sroot.c1.0'));
    expect(new Set(parallel.map((p) => p.row)).size).toBe(4);
  });

  it('puts zero-length bars at the same moment in different lanes given a minimum span', () => {
    expect(assignLanes([bar('a', 5, 5), bar('b', 5, 5)], 1)).toEqual([0, 1]);
  });

  it('takes the lowest free lane, as a lane-by-lane scan would, on random bars', () => {
    // The plain O(n·lanes) scan, the definition the heap version must match.
    const scan = (bars: TimelineBar[], minSpanMs: number): number[] => {
      const order = bars.map((_, i) => i).sort((a, b) => bars[a].startMs - bars[b].startMs || a - b);
      const ends: number[] = [];
      const lanes: number[] = [];
      for (const i of order) {
        const end = Math.max(bars[i].endMs, bars[i].startMs + minSpanMs);
        const free = ends.findIndex((e) => e <= bars[i].startMs);
        lanes[i] = free === -1 ? ends.push(end) - 1 : free;
        if (free !== -1) ends[free] = end;
      }
      return lanes;
    };
    let seed = 7;
    const random = (n: number): number => (seed = (seed * 48271) % 2147483647) % n;
    for (let round = 0; round < 20; round++) {
      const bars = Array.from({ length: 300 }, (_, i) => {
        const start = random(1000);
        return bar(`b${i}`, start, start + random(200));
      });
      expect(assignLanes(bars, round % 2 ? 5 : 0)).toEqual(scan(bars, round % 2 ? 5 : 0));
    }
  });

  it('puts 2,000 parallel sub-calls in 2,000 lanes of one section', () => {
    const bars = Array.from({ length: 2000 }, (_, i) => bar(`s${i}`, 10, 500 + i));
    const layout = layoutTimeline(bars);
    expect(layout.sections).toEqual([{ depth: 1, firstRow: 0, rows: 2000 }]);
    expect(new Set(layout.bars.map((p) => p.row)).size).toBe(2000);
    expect(layout.totalMs).toBe(2499);
  });

  it('picks round tick steps', () => {
    expect(timeTicks(1000)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(timeTicks(45_000)).toEqual([0, 10_000, 20_000, 30_000, 40_000]);
  });
});
