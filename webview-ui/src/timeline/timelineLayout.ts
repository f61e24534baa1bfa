/**
 * Where each timeline bar goes: one section per depth, and inside it lanes, so bars that overlap in time (parallel
 * sub-calls, parallel child runs) sit side by side instead of covering each other.
 */
import type { TimelineBar } from '../../../src/core/protocol/chatProtocol';
import { MinHeap } from './minHeap';

interface PlacedBar {
  bar: TimelineBar;
  /** Row from the top, across all depth sections. */
  row: number;
}

interface DepthSection {
  depth: number;
  firstRow: number;
  rows: number;
}

export interface TimelineLayout {
  bars: PlacedBar[];
  sections: DepthSection[];
  rows: number;
  /** The end of the latest bar, the width of the chart. */
  totalMs: number;
}

/** Child runs first, then the run's own steps, then calls: a child's bar sits above its steps. */
const kindOrder: Record<TimelineBar['kind'], number> = {
  'child-run': 0,
  'root-call': 1,
  'code-cell': 1,
  'sub-call': 2,
};

/**
 * Lane of each bar (same order as `bars`): greedy interval partitioning, bars sorted by start. A bar takes the
 * lowest-numbered lane that is free at its start; `minSpanMs` is the shortest time a bar occupies (its drawn minimum
 * width). Two heaps keep it O(n log n): a run of 2,000 parallel sub-calls needs 2,000 lanes.
 */
export function assignLanes(bars: readonly TimelineBar[], minSpanMs = 0): number[] {
  const order = bars
    .map((_, index) => index)
    .sort((a, b) => bars[a].startMs - bars[b].startMs || kindOrder[bars[a].kind] - kindOrder[bars[b].kind] || a - b);
  // Starts only grow, so a lane once free stays free until it is taken again.
  const busy = new MinHeap<{ end: number; lane: number }>((x, y) => x.end - y.end || x.lane - y.lane);
  const free = new MinHeap<number>((x, y) => x - y);
  let laneCount = 0;
  const lanes = new Array<number>(bars.length).fill(0);
  for (const index of order) {
    const bar = bars[index];
    for (let ended = busy.peek(); ended && ended.end <= bar.startMs; ended = busy.peek()) {
      busy.pop();
      free.push(ended.lane);
    }
    const lane = free.pop() ?? laneCount++;
    busy.push({ end: Math.max(bar.endMs, bar.startMs + minSpanMs), lane });
    lanes[index] = lane;
  }
  return lanes;
}

export function layoutTimeline(bars: readonly TimelineBar[], minSpanFraction = 0.004): TimelineLayout {
  const totalMs = bars.reduce((longest, bar) => Math.max(longest, bar.endMs), 1);
  const depths = [...new Set(bars.map((bar) => bar.depth))].sort((a, b) => a - b);
  const placed: PlacedBar[] = [];
  const sections: DepthSection[] = [];
  let row = 0;
  for (const depth of depths) {
    const group = bars.filter((bar) => bar.depth === depth);
    const lanes = assignLanes(group, totalMs * minSpanFraction);
    const rows = lanes.reduce((most, lane) => Math.max(most, lane), 0) + 1;
    group.forEach((bar, index) => placed.push({ bar, row: row + lanes[index] }));
    sections.push({ depth, firstRow: row, rows });
    row += rows;
  }
  return { bars: placed, sections, rows: row, totalMs };
}

/** Tick marks at a round step (1, 2 or 5 × 10^n ms), about `count` of them. */
export function timeTicks(totalMs: number, count = 6): number[] {
  const raw = totalMs / count;
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= raw) ?? power * 10;
  const ticks: number[] = [];
  for (let t = 0; t <= totalMs; t += step) ticks.push(t);
  return ticks;
}

export function durationText(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
