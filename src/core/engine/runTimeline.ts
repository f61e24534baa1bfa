/**
 * The run timeline: one bar per model call, code cell, sub-call and child run, timed relative to the root run's
 * start. Bar ids are the recursion tree's node ids, so a clicked bar selects its node.
 */
import type { TimelineBar } from './timelineBar';
import type { RecursionNode } from './recursionTree';
import type { RunEvent } from './runEvents';
import { RunState } from './runState';

const barKinds: Partial<Record<RecursionNode['kind'], TimelineBar['kind']>> = {
  'model-call': 'root-call',
  'code-cell': 'code-cell',
  'sub-call': 'sub-call',
};

/** Bars of the first root run in `events`; bars still in flight are 'running' up to the last event's time. */
export function buildTimeline(events: readonly RunEvent[]): TimelineBar[] {
  return timelineOf(RunState.fromEvents(events));
}

/** Bars of one root run of a run's state (the first root when `rootId` is omitted). */
export function timelineOf(tree: RunState, rootId: string | undefined = tree.rootIds[0]): TimelineBar[] {
  const root = rootId === undefined ? undefined : tree.get(rootId);
  if (!root) return [];
  const origin = root.startedAt;
  const now = Math.max(tree.lastEventAt, origin);
  const bars: TimelineBar[] = [];
  for (const node of tree.walk(root.id)) {
    const kind = node === root ? undefined : node.kind === 'run' ? 'child-run' : barKinds[node.kind];
    if (!kind) continue;
    const running = node.state === 'running';
    const startMs = Math.max(0, node.startedAt - origin);
    bars.push({
      id: node.id,
      kind,
      runId: node.runId,
      depth: node.depth,
      label: node.label,
      startMs,
      endMs: Math.max(startMs, (running ? now : (node.endedAt ?? now)) - origin),
      state: running ? 'running' : node.state === 'done' ? 'done' : 'error',
    });
  }
  return bars;
}
