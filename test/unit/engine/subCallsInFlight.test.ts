import { afterEach, describe, expect, it } from 'vitest';
import type { RecursionNode } from '../../../src/core/engine/recursionTree';
import { RunState } from '../../../src/core/engine/runState';
import { buildTimeline } from '../../../src/core/engine/runTimeline';
import { js, startHarness, type Harness } from './engineHarness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function subCallNodes(tree: RunState): RecursionNode[] {
  const found: RecursionNode[] = [];
  const walk = (id: string): void => {
    for (const node of tree.children(id)) {
      if (node.kind === 'sub-call') found.push(node);
      walk(node.id);
    }
  };
  for (const id of tree.rootIds) walk(id);
  return found;
}

describe('sub-calls in flight', () => {
  it('show as running in the recursion tree and the timeline while they wait, then as done', async () => {
    // The sub-model answers only when the test says so: the "running" state is checked while it surely holds.
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    // Each sub-call's start event is emitted before its request is sent: both requests at the server mean both events.
    let received = 0;
    let bothSent: () => void = () => undefined;
    const bothReceived = new Promise<void>((resolve) => {
      bothSent = resolve;
    });
    harness = await startHarness([
      {
        name: 'root-1',
        match: { model: 'root-model', lastUser: 'Question:' },
        reply: js('print(llmBatch(["one", "two"]).length)'),
      },
      { name: 'root-2', match: { model: 'root-model', lastUser: 'Output of block 1' }, reply: 'FINAL(done)' },
      {
        name: 'sub',
        match: { model: 'sub-model' },
        reply: () => {
          if (++received === 2) bothSent();
          return answered.then(() => 'ok');
        },
      },
    ]);
    const tree = new RunState();
    const live = harness.engine.run('Two sub-calls?', {});
    const { events } = harness;
    // Both sub-calls have been sent and neither has answered.
    await bothReceived;
    expect(events.filter((e) => e.type === 'sub-call-start')).toHaveLength(2);
    expect(events.some((e) => e.type === 'sub-call')).toBe(false);
    for (const event of events) tree.apply(event);
    const running = subCallNodes(tree);
    expect(running.map((n) => n.state)).toEqual(['running', 'running']);
    expect(
      buildTimeline(events)
        .filter((bar) => bar.kind === 'sub-call')
        .map((bar) => bar.state),
    ).toEqual(['running', 'running']);

    answer();
    const result = await live;
    expect(result.reason).toBe('final');
    const done = new RunState();
    for (const event of events) done.apply(event);
    const subCalls = subCallNodes(done);
    expect(subCalls.map((n) => [n.state, n.detail.response])).toEqual([
      ['done', 'ok'],
      ['done', 'ok'],
    ]);
    expect(
      buildTimeline(events)
        .filter((bar) => bar.kind === 'sub-call')
        .map((bar) => bar.state),
    ).toEqual(['done', 'done']);
  });
});
