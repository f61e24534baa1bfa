// Run state + timeline benchmark: a synthetic ~2,000-node run streamed into the run's state in batches, as the
// tree view receives it, with the timeline rebuilt and laid out after each batch. Prints figures, asserts nothing.
// Usage: node bench/treeBench.mjs   (bundles the TypeScript sources with esbuild into a temp folder first)
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'tree-bench-'));
const entry = `
export { RunState } from './src/core/engine/runState';
export { buildTimeline, timelineOf } from './src/core/engine/runTimeline';
export { layoutTimeline } from './webview-ui/src/timeline/timelineLayout';
export { syntheticRun } from './test/unit/runs/syntheticRun';
`;
await build({
  stdin: { contents: entry, resolveDir: repo, loader: 'ts' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: join(work, 'tree.js'),
  logLevel: 'silent',
});
const { RunState, buildTimeline, timelineOf, layoutTimeline, syntheticRun } = createRequire(import.meta.url)(
  join(work, 'tree.js'),
);
rmSync(work, { recursive: true, force: true });

const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const fmt = (ms) => `${ms.toFixed(2)} ms`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// 43 runs (root, 6 children, 36 grandchildren), each 3 iterations of 2 cells fanning out 6 parallel sub-calls.
const events = syntheticRun({
  iterations: 3,
  cellsPerIteration: 2,
  subCallsPerCell: 6,
  childRunsPerCell: 1,
  maxDepth: 2,
});

function stream(batchWindowMs, withTimeline) {
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const tree = new RunState();
  const times = [];
  let changedPerBatch = [];
  let index = 0;
  while (index < events.length) {
    // One batch: the events of one refresh window of the run's own clock (the view refreshes every 50 ms).
    const windowEnd = events[index].at + batchWindowMs;
    const started = performance.now();
    const changed = new Set();
    while (index < events.length && events[index].at < windowEnd) {
      for (const id of tree.apply(events[index]).changed) changed.add(id);
      index++;
    }
    if (withTimeline) layoutTimeline(timelineOf(tree));
    times.push(performance.now() - started);
    changedPerBatch.push(changed.size);
  }
  const heapAfter = process.memoryUsage().heapUsed;
  return { tree, times, changedPerBatch, heap: heapAfter - heapBefore };
}

// Warm-up, so the JIT does not count against the first figures.
stream(50, true);
for (const [label, windowMs, withTimeline] of [
  ['tree only, 50 ms batches', 50, false],
  ['tree + timeline layout, 50 ms batches', 50, true],
  ['tree + timeline layout, 5 ms batches', 5, true],
]) {
  const { tree, times, changedPerBatch, heap } = stream(windowMs, withTimeline);
  console.log(`${label}: ${tree.size} nodes, ${events.length} events in ${times.length} batches`);
  console.log(
    `  per batch: p50 ${fmt(percentile(times, 50))}, p95 ${fmt(percentile(times, 95))}, max ${fmt(Math.max(...times))} (target ≤ 16 ms)`,
  );
  console.log(
    `  nodes to refresh per batch: p50 ${percentile(changedPerBatch, 50)}, max ${Math.max(...changedPerBatch)}; heap growth ${mb(heap)}`,
  );
}

const whole = [];
for (let i = 0; i < 10; i++) {
  const started = performance.now();
  layoutTimeline(buildTimeline(events));
  whole.push(performance.now() - started);
}
console.log(
  `buildTimeline + layout of the finished run (${buildTimeline(events).length} bars): median ${fmt(percentile(whole, 50))}`,
);
console.log(`process RSS ${mb(process.memoryUsage().rss)}`);
