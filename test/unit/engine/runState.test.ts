import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent, RunTotals } from '../../../src/core/engine/runEvents';
import { RunState, type RunStateChange } from '../../../src/core/engine/runState';
import { renderRunTree } from '../../../src/core/engine/runTree';
import { js, startHarness, type Harness } from './engineHarness';

const base = { at: 0, depth: 0, runId: 'root' };
let seq = 0;
type Body = RunEvent extends infer E
  ? E extends RunEvent
    ? Omit<E, 'id' | 'runId' | 'depth' | 'at'> & Partial<Pick<E, 'runId' | 'depth' | 'at'>>
    : never
  : never;
const ev = (body: Body): RunEvent => ({ ...base, id: `e${++seq}`, ...body }) as RunEvent;
const start = (runId: string, depth: number, parentRunId?: string): RunEvent =>
  ev({ type: 'run-start', runId, depth, parentRunId, question: `${runId}?`, model: 'm' });
const delta = (
  text: string,
  extra: Partial<{ iteration: number; attempt: number; lastCall: boolean; runId: string }> = {},
): RunEvent => ev({ type: 'model-delta', iteration: 1, attempt: 1, lastCall: false, text, ...extra });
const totals = (fields: Partial<RunTotals>): RunTotals => ({
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
  costComplete: true,
  subCalls: 0,
  ...fields,
});
const usage = { inputTokens: 10, outputTokens: 2, estimated: false };
const subStart = (callId: string, runId = 'root', depth = 0): RunEvent =>
  ev({ type: 'sub-call-start', runId, depth, callId, model: 's', prompt: `prompt ${callId}`, startedAt: 5 });
const subEnd = (
  callId: string,
  extra: { runId?: string; depth?: number; error?: string; at?: number } = {},
): RunEvent =>
  ev({
    type: 'sub-call',
    callId,
    model: 's',
    prompt: `prompt ${callId}`,
    startedAt: 5,
    durationMs: 3,
    ...(extra.error ? { error: extra.error } : { answer: 'ok', usage, costUsd: 0.01 }),
    ...extra,
  });
const answer = (runId: string, depth: number, reason: 'final' | 'error' | 'cancelled', sums = totals({})): RunEvent =>
  ev({
    type: 'answer',
    runId,
    depth,
    answer: `${runId} answer`,
    reason,
    iterations: 1,
    totals: sums,
    durationMs: 40,
    at: 50,
  });

function feed(state: RunState, events: RunEvent[]): RunStateChange[] {
  return events.map((event) => state.apply(event));
}

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('RunState: the answer as it streams', () => {
  it('streams the inside of a plain-text FINAL( reply, holding back the closing parenthesis', () => {
    const shown = feed(new RunState(), [
      start('root', 0),
      delta('  FIN'),
      delta('AL(The answer'),
      delta(' is in `a.ts:3` (see x)'),
      delta(')'),
    ]).map((c) => c.answer);
    expect(shown).toEqual([
      undefined,
      undefined,
      'The answer',
      'The answer is in `a.ts:3` (see x',
      'The answer is in `a.ts:3` (see x)',
    ]);
  });

  it('streams a FINAL( that follows prose, from the FINAL on', () => {
    const state = new RunState();
    const shown = feed(state, [
      start('root', 0),
      delta('Here is what I found.\n\n'),
      delta('FINAL(It is in'),
      delta(' a.ts:3)'),
    ]).map((c) => c.answer);
    expect(shown).toEqual([undefined, undefined, 'It is in', 'It is in a.ts:3']);
    expect(state.answer).toBe('It is in a.ts:3');
  });

  it('shows nothing for code-writing turns or child runs', () => {
    const shown = feed(new RunState(), [
      start('root', 0),
      delta('I will grep.\n```js\nFINAL(x)\n```'),
      start('child', 1, 'root'),
      delta('FINAL(child answer)', { runId: 'child' }),
    ]);
    expect(shown.every((c) => c.answer === undefined)).toBe(true);
  });

  it('streams all of a last "answer now" call, and restarts with a retried attempt', () => {
    const shown = feed(new RunState(), [
      start('root', 0),
      delta('Partial', { iteration: 12, lastCall: true }),
      delta('Fresh', { iteration: 12, lastCall: true, attempt: 2 }),
      delta(' answer', { iteration: 12, lastCall: true, attempt: 2 }),
    ]).map((c) => c.answer);
    expect(shown).toEqual([undefined, 'Partial', 'Fresh', 'Fresh answer']);
  });
});

describe('RunState: one state from the events', () => {
  it("takes its totals from the budget's totals events, never from the call events, and reports when they move", () => {
    const state = new RunState();
    const changes = feed(state, [
      start('root', 0),
      ev({ type: 'iteration', iteration: 1 }),
      ev({ type: 'model-reply', iteration: 1, text: 't', usage, costUsd: 0.02, durationMs: 4 }),
    ]);
    expect(changes.map((c) => c.totals)).toEqual([false, false, false]);
    expect(state.totals).toEqual(totals({}));
    const held = state.totals;
    expect(
      state.apply(ev({ type: 'totals', totals: totals({ inputTokens: 10, outputTokens: 2, costUsd: 0.02 }) })).totals,
    ).toBe(true);
    expect(state.totals).toEqual(totals({ inputTokens: 10, outputTokens: 2, costUsd: 0.02 }));
    expect(held).toEqual(totals({})); // a totals object once read never changes
    expect(
      state.apply(ev({ type: 'totals', totals: totals({ inputTokens: 10, outputTokens: 2, costUsd: 0.02 }) })).totals,
    ).toBe(false);
    // A child run's events carry no totals of their own: the tree's come with the root's id.
    state.apply(start('kid', 1, 'root'));
    expect(
      state.apply(ev({ type: 'totals', runId: 'kid', depth: 1, totals: totals({ inputTokens: 99 }) })).totals,
    ).toBe(false);
    const end = state.apply(
      answer(
        'root',
        0,
        'final',
        totals({ inputTokens: 30, outputTokens: 4, costUsd: 0.05, subCalls: 2, costComplete: false }),
      ),
    );
    expect(end.totals).toBe(true);
    expect(state.totals).toEqual(
      totals({ inputTokens: 30, outputTokens: 4, costUsd: 0.05, subCalls: 2, costComplete: false }),
    );
    expect(state.reason).toBe('final');
  });

  it('counts sub-calls in flight, including ends that come out of order and an end with no start', () => {
    const state = new RunState();
    feed(state, [
      start('root', 0),
      ev({ type: 'iteration', iteration: 1 }),
      ev({ type: 'code', iteration: 1, cellId: 'root.c1', code: 'llmBatch(...)' }),
    ]);
    feed(state, [subStart('a'), subStart('b'), subStart('c')]);
    expect(state.subCallsInFlight).toBe(3);
    const cEnd = state.apply(subEnd('c', { at: 9 }));
    expect([state.subCallsInFlight, state.subCallsDone]).toEqual([2, 1]);
    expect(cEnd.changed).toContain('root:sc');
    state.apply(subEnd('a', { error: 'the endpoint failed' }));
    expect([state.subCallsInFlight, state.subCallsDone]).toEqual([1, 2]);
    state.apply(subEnd('z')); // never started (an event the sink missed): counted as done, not as one fewer in flight
    expect([state.subCallsInFlight, state.subCallsDone]).toEqual([1, 3]);
    expect(state.children('root.c1').map((node) => [node.id, node.state])).toEqual([
      ['root:sa', 'error'],
      ['root:sb', 'running'],
      ['root:sc', 'done'],
      ['root:sz', 'done'],
    ]);
    expect(state.run('root')).toMatchObject({ subCalls: 3, failedSubCalls: 1 });
    // The run ends with b still out: it was abandoned with the run.
    state.apply(answer('root', 0, 'cancelled'));
    expect(state.subCallsInFlight).toBe(0);
    expect(state.get('root:sb')?.state).toBe('cancelled');
  });

  it('nests child runs under the cell that started them, tracks the child run in the activity, and ends it', () => {
    const state = new RunState();
    feed(state, [
      start('root', 0),
      ev({ type: 'iteration', iteration: 1 }),
      ev({ type: 'code', iteration: 1, cellId: 'root.c1', code: 'rlm("kid?")' }),
    ]);
    const announced = state.apply(ev({ type: 'child-run', childRunId: 'kid', question: 'kid?' }));
    expect(announced.added).toEqual(['kid']);
    expect(announced.changed).toEqual(['root.c1']);
    const started = state.apply(start('kid', 1, 'root'));
    expect(started).toMatchObject({ added: [], changed: ['kid'] });
    expect(state.activity).toEqual({ kind: 'child-run', question: 'kid?' });
    feed(state, [ev({ type: 'iteration', runId: 'kid', depth: 1, iteration: 1 }), subStart('k1', 'kid', 1)]);
    expect(state.get('kid:sk1')?.parentId).toBe('kid:i1');
    expect(state.subCallsInFlight).toBe(1);
    state.apply(answer('kid', 1, 'final'));
    expect([state.subCallsInFlight, state.childRuns]).toEqual([0, 1]);
    expect(state.activity).toEqual({ kind: 'code' });
    expect(state.get('kid')?.state).toBe('done');
    expect(state.get('kid:sk1')?.state).toBe('cancelled');
    // Its sub-call ends after the child run did (a limit stopped the child, the call was already paid for): it counts.
    const late = state.apply(subEnd('k1', { runId: 'kid', depth: 1 }));
    expect(late.changed).toEqual(expect.arrayContaining(['kid:sk1', 'kid:i1', 'kid', 'root.c1', 'root']));
    expect(state.get('kid:sk1')).toMatchObject({ state: 'done', own: { inputTokens: 10, outputTokens: 2 } });
    expect(state.get('root')?.total.inputTokens).toBe(10);
    expect(state.run('kid')).toMatchObject({ subCalls: 1, inputTokens: 10 });
    expect([state.subCallsInFlight, state.subCallsDone]).toEqual([0, 1]);
    expect(state.runs.map((run) => [run.runId, run.children.map((c) => c.runId)])).toEqual([['root', ['kid']]]);
    expect(state.iteration).toBe(1); // the root's, not the child's
  });

  it('keeps errors and limits on their run, and a failed cell on its node', () => {
    const state = new RunState();
    feed(state, [
      start('root', 0),
      ev({ type: 'iteration', iteration: 1 }),
      ev({ type: 'code', iteration: 1, cellId: 'root.c1', code: 'boom()' }),
      ev({
        type: 'output',
        iteration: 1,
        cellId: 'root.c1',
        output: '',
        error: 'ReferenceError: boom is not defined',
        durationMs: 2,
      }),
      ev({ type: 'limit', limit: 'max-tokens', detail: 'used 100 of 100 tokens' }),
      ev({ type: 'error', message: 'the last answer call failed' }),
    ]);
    expect(state.get('root.c1')).toMatchObject({
      state: 'error',
      detail: { error: 'ReferenceError: boom is not defined' },
    });
    expect(state.get('root')?.detail).toMatchObject({
      limits: ['max-tokens: used 100 of 100 tokens'],
      error: 'the last answer call failed',
    });
    expect(state.run('root')).toMatchObject({
      cells: 1,
      cellErrors: 1,
      errors: ['the last answer call failed'],
      limits: ['max-tokens: used 100 of 100 tokens'],
    });
    state.apply(answer('root', 0, 'error'));
    expect(state.get('root')?.state).toBe('error');
    expect(renderRunTree(state.runs).split('\n')[0]).toBe('● root? [error in 0.0 s]');
  });
});

describe('RunState from a real engine run', () => {
  it("shows, while the run goes, the totals the answer event ends with: the budget's own, in order", async () => {
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
      { name: 'sub', match: { model: 'sub-model' }, reply: 'a summary' },
    ]);
    const state = new RunState();
    const seen: RunTotals[] = [];
    const result = await harness.engine.run('Where does login happen?', {});
    for (const event of harness.events) if (state.apply(event).totals) seen.push(state.totals);

    const final = harness.events.find((event) => event.type === 'answer' && event.depth === 0);
    expect(final?.type === 'answer' && final.totals).toEqual(result.totals);
    expect(state.totals).toEqual(result.totals);
    // Every call moved the totals as it settled: 4 root replies, 1 child reply, 3 sub-calls, and the 3 sub-calls counted.
    const tokenSteps = seen.filter((t, i) => i === 0 || t.inputTokens !== seen[i - 1].inputTokens);
    expect(tokenSteps.length).toBeGreaterThanOrEqual(7);
    for (let i = 1; i < seen.length; i++)
      expect(seen[i].inputTokens + seen[i].outputTokens).toBeGreaterThanOrEqual(
        seen[i - 1].inputTokens + seen[i - 1].outputTokens,
      );
    expect(seen.at(-1)).toEqual(result.totals);
    // The tree's own roll-up agrees with the budget.
    expect(state.get(result.runId)?.total).toMatchObject({
      inputTokens: result.totals.inputTokens,
      outputTokens: result.totals.outputTokens,
    });
    expect([state.subCallsInFlight, state.subCallsDone, state.childRuns]).toEqual([0, 3, 1]);
  });
});
