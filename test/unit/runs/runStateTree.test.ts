import { afterEach, describe, expect, it } from 'vitest';
import { RunState } from '../../../src/core/engine/runState';
import type { RunEvent } from '../../../src/core/engine/runEvents';
import { js, startHarness, type Harness } from '../engine/engineHarness';
import { syntheticRun } from './syntheticRun';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const kinds = (tree: RunState, id: string): string[] => tree.children(id).map((node) => node.kind);

describe("RunState's recursion tree from a real engine run", () => {
  it('nests run → iterations → model calls and cells → sub-calls and the child run, with roll-ups equal to the run totals', async () => {
    harness = await startHarness([
      {
        name: 'child',
        match: { model: 'root-model', lastUser: 'How is a session created?' },
        reply: js('FINAL("createSession: src/auth/session.ts:1")'),
      },
      {
        name: 'root-1',
        match: { model: 'root-model', lastUser: 'Question: Where does login happen' },
        reply: js(
          'const s = llmMap(["src/auth/login.ts", "src/auth/session.ts", "src/auth/token.ts"], "One line.")\nprint(s.length + " summaries")',
        ),
      },
      {
        name: 'root-2',
        match: { model: 'root-model', lastUser: '3 summaries' },
        reply: js('print(rlm("How is a session created?"))'),
      },
      {
        name: 'root-3',
        match: { model: 'root-model', lastUser: 'createSession' },
        reply: 'FINAL(Login is in src/auth/login.ts:2)',
      },
      { name: 'sub', match: { model: 'sub-model' }, delayMs: 100, reply: 'a summary' },
    ]);
    const tree = new RunState();
    const result = await harness.engine.run('Where does login happen?', {});
    for (const event of harness.events) tree.apply(event);

    expect(result.reason).toBe('final');
    const root = tree.get(result.runId)!;
    expect(tree.rootIds).toEqual([result.runId]);
    expect(root.state).toBe('done');
    expect(kinds(tree, root.id)).toEqual(['iteration', 'iteration', 'iteration']);
    const [first, second, third] = tree.children(root.id);
    expect(kinds(tree, first.id)).toEqual(['model-call', 'code-cell']);
    expect(kinds(tree, third.id)).toEqual(['model-call']);
    const firstCell = tree.children(first.id)[1];
    expect(kinds(tree, firstCell.id)).toEqual(['sub-call', 'sub-call', 'sub-call']);
    const secondCell = tree.children(second.id)[1];
    const child = tree.children(secondCell.id)[0];
    expect(child).toMatchObject({
      kind: 'run',
      depth: 1,
      label: 'How is a session created?',
      state: 'done',
      parentId: secondCell.id,
    });
    expect(kinds(tree, child.id)).toEqual(['iteration']);

    expect(root.total.inputTokens).toBe(result.totals.inputTokens);
    expect(root.total.outputTokens).toBe(result.totals.outputTokens);
    expect(root.total.costUsd).toBeCloseTo(result.totals.costUsd, 10);
    expect(firstCell.total.inputTokens).toBe(
      tree.children(firstCell.id).reduce((sum, sub) => sum + sub.own.inputTokens, 0),
    );
    expect(secondCell.total.outputTokens).toBe(child.total.outputTokens);
    expect([...tree.walk()].filter((node) => node.kind === 'sub-call')).toHaveLength(result.totals.subCalls);
    expect([...tree.walk()].every((node) => node.state === 'done' && node.endedAt !== undefined)).toBe(true);
    expect(tree.get(third.childIds[0])?.detail.response).toBe('FINAL(Login is in src/auth/login.ts:2)');
  });
});

describe("RunState's recursion tree, incrementally", () => {
  const events = syntheticRun({
    iterations: 2,
    cellsPerIteration: 1,
    subCallsPerCell: 3,
    childRunsPerCell: 1,
    maxDepth: 1,
  });

  it('reports which nodes each event changed and added', () => {
    const tree = new RunState();
    const changes = events.map((event) => ({ event, change: tree.apply(event) }));
    const at = (type: RunEvent['type'], n = 0): (typeof changes)[number] =>
      changes.filter((c) => c.event.type === type)[n];
    expect(at('run-start').change).toEqual({ changed: [], added: ['root'], totals: false });
    expect(at('iteration').change).toEqual({ changed: ['root'], added: ['root:i1'], totals: false });
    // The first delta opens the model call; the reply finishes it and rolls its usage up to the iteration and run.
    expect(at('model-delta').change).toEqual({ changed: ['root:i1'], added: ['root:m1'], totals: false });
    expect(at('model-reply').change.changed).toEqual(['root:m1', 'root:i1', 'root']);
    // The budget's totals move the meter, not a node.
    expect(at('totals').change).toEqual({ changed: [], added: [], totals: true });
    expect(at('sub-call').change).toEqual({
      changed: ['root.c1.0', 'root:i1', 'root'],
      added: ['root:sroot.c1.0s0'],
      totals: false,
    });
    expect(at('child-run').change).toEqual({ changed: ['root.c1.0'], added: ['r1'], totals: false });
    expect(at('output', 0).change.changed).toEqual(['r1.c1.0']);
    expect(at('output', 2).change.changed).toEqual(['root.c1.0']);
  });

  it('keeps in-flight steps running and closes them with the run’s end state', () => {
    const cut = events.findIndex((event) => event.type === 'sub-call' && event.depth === 1);
    const tree = RunState.fromEvents(events.slice(0, cut));
    const running = [...tree.walk()].filter((node) => node.state === 'running').map((node) => node.id);
    expect(running).toEqual(['root', 'root:i1', 'root.c1.0', 'r1', 'r1:i1', 'r1.c1.0']);
    expect(tree.newestRunning()?.id).toBe('r1.c1.0');

    tree.apply({
      id: 'x',
      type: 'answer',
      runId: 'r1',
      parentRunId: 'root',
      depth: 1,
      at: tree.lastEventAt + 5,
      answer: '',
      reason: 'cancelled',
      iterations: 1,
      totals: { inputTokens: 0, outputTokens: 0, costUsd: 0, costComplete: true, subCalls: 0 },
      durationMs: 10,
    });
    expect(tree.get('r1')?.state).toBe('cancelled');
    expect(tree.get('r1.c1.0')?.state).toBe('cancelled');
    expect(tree.newestRunning()?.id).toBe('root.c1.0');
  });

  it('counts unpriced calls so the cost reads as a lower bound', () => {
    const tree = RunState.fromEvents([
      { id: 'a', type: 'run-start', runId: 'r', depth: 0, at: 0, question: 'q\nsecond line', model: 'm' },
      { id: 'b', type: 'iteration', runId: 'r', depth: 0, at: 1, iteration: 1 },
      {
        id: 'c',
        type: 'model-reply',
        runId: 'r',
        depth: 0,
        at: 11,
        iteration: 1,
        text: 'x',
        usage: { inputTokens: 5, outputTokens: 1, estimated: true },
        costUsd: undefined,
        durationMs: 10,
      },
    ]);
    expect(tree.get('r')).toMatchObject({
      label: 'q',
      total: { inputTokens: 5, outputTokens: 1, costUsd: 0, pricedCalls: 0, unpricedCalls: 1 },
    });
    expect(tree.get('r:m1')).toMatchObject({ startedAt: 1, endedAt: 11, state: 'done' });
  });
});
