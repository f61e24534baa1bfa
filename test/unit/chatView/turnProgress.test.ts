import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/core/engine/runEvents';
import { RunState } from '../../../src/core/engine/runState';
import { OpenAiCompatibleClient } from '../../../src/core/llm/openAiCompatibleClient';
import type { ChatProgress } from '../../../src/core/protocol/chatProtocol';
import { ScriptedModelServer } from '../../../src/testing/scriptedModelServer';
import { TurnProgress } from '../../../src/vscode/chat/turnProgress';
import { secondsUntil, waitText } from '../../../webview-ui/src/chat/chatFormat';

const limits = { maxIterations: 10, maxTokens: 100_000, maxCostUsd: 1 };
const base = { runId: 'root', depth: 0, at: 1 };
let ids = 0;
const event = (fields: Record<string, unknown>): RunEvent => ({ id: `e${++ids}`, ...base, ...fields }) as RunEvent;

describe('TurnProgress', () => {
  it('shows a rate-limit wait until the next model output arrives', () => {
    const state = new RunState();
    const progress = new TurnProgress(state, limits, Date.now());
    state.apply(event({ type: 'run-start', question: 'q' }));
    progress.retrying(5_000);
    expect(progress.progress().waitUntil).toBeGreaterThan(Date.now());
    expect(progress.progress()).toMatchObject({
      waitKind: 'retry',
      activity: 'the endpoint failed: trying again shortly',
    });
    state.apply(event({ type: 'model-delta', iteration: 1, text: 'x', attempt: 2, lastCall: false }));
    expect(progress.progress().waitUntil).toBeUndefined();
  });

  it("tells a rate limit from a failure, from the client's own retry notice on a 429 with Retry-After", async () => {
    const server = await ScriptedModelServer.start([
      { status: 429, retryAfter: 1, errorMessage: 'slow down', times: 1 },
      { reply: 'ok' },
    ]);
    try {
      const progress = new TurnProgress(new RunState(), limits, Date.now());
      const seen: ChatProgress[] = [];
      const waits: number[] = [];
      const client = new OpenAiCompatibleClient(
        { baseUrl: server.url, model: 'm' },
        {
          onRetry: (notice) => {
            progress.retrying(notice.delayMs, notice.status);
            seen.push(progress.progress());
            waits.push(secondsUntil(progress.progress().waitUntil!, Date.now()));
          },
        },
      );
      expect((await client.complete({ messages: [{ role: 'user', content: 'q' }] })).text).toBe('ok');
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ waitKind: 'rate-limit', activity: 'rate limited: the endpoint asks to wait' });
      expect(waits).toEqual([1]); // the endpoint's Retry-After, in seconds
      expect(waitText(seen[0].waitKind, 60)).toBe(
        'Rate limited: the endpoint asks to wait 60 s. Waiting — Stop ends the run.',
      );
      expect(waitText('retry', 4)).toBe('The endpoint failed; trying again in 4 s. Stop ends the run.');
    } finally {
      await server.close();
    }
  });

  it("ends a sub-call retry wait when the sub-call ends, counts sub-calls in flight, and meters the budget's totals", () => {
    const state = new RunState();
    const progress = new TurnProgress(state, limits, Date.now());
    const call = { callId: 'c1', model: 'sub', prompt: 'p', startedAt: 1 };
    state.apply(event({ type: 'run-start', question: 'q' }));
    state.apply(event({ type: 'code', iteration: 1, cellId: 'root.c1', code: 'llm("p")' }));
    state.apply(event({ type: 'sub-call-start', ...call }));
    progress.retrying(5_000);
    expect(progress.progress()).toMatchObject({
      subCallsInFlight: 1,
      activity: 'the endpoint failed: trying again shortly',
    });
    state.apply(
      event({
        type: 'sub-call',
        ...call,
        usage: { inputTokens: 2, outputTokens: 3, estimated: false },
        costUsd: 0.5,
        durationMs: 1,
      }),
    );
    const after = progress.progress();
    expect(after.waitUntil).toBeUndefined();
    expect([after.subCallsInFlight, after.subCallsDone]).toEqual([0, 1]);
    // The meter shows what the budget reports, not a sum of the call events.
    expect(progress.meter()).toMatchObject({ inputTokens: 0, outputTokens: 0, costUsd: 0 });
    state.apply(
      event({
        type: 'totals',
        totals: { inputTokens: 2, outputTokens: 3, costUsd: 0.5, costComplete: true, subCalls: 1 },
      }),
    );
    expect(progress.meter()).toMatchObject({ inputTokens: 2, outputTokens: 3, costUsd: 0.5, costComplete: true });
  });

  it('says what the root run does: the model, its code, sub-calls running, a child run', () => {
    const state = new RunState();
    const progress = new TurnProgress(state, limits, Date.now());
    const activity = (): string => progress.progress().activity;
    expect(activity()).toBe('starting');
    state.apply(event({ type: 'run-start', question: 'q' }));
    state.apply(event({ type: 'iteration', iteration: 2 }));
    expect([activity(), progress.progress().iteration]).toEqual(['model writing (iteration 2)', 2]);
    state.apply(event({ type: 'code', iteration: 2, cellId: 'root.c2', code: 'x' }));
    expect(activity()).toBe('running code');
    state.apply(event({ type: 'sub-call-start', callId: 'a', model: 's', prompt: 'p', startedAt: 1 }));
    expect(activity()).toBe('sub-calls (1 running)');
    state.apply(event({ type: 'child-run', childRunId: 'kid', question: 'How is a session made?' }));
    state.apply(
      event({
        type: 'run-start',
        runId: 'kid',
        parentRunId: 'root',
        depth: 1,
        question: 'How is a session made?',
        model: 'm',
      }),
    );
    expect([activity(), progress.progress().childRuns]).toEqual(['child run: How is a session made?', 1]);
    state.apply(
      event({
        type: 'answer',
        runId: 'kid',
        parentRunId: 'root',
        depth: 1,
        answer: 'a',
        reason: 'final',
        iterations: 1,
        totals: { inputTokens: 0, outputTokens: 0, costUsd: 0, costComplete: true, subCalls: 0 },
        durationMs: 1,
      }),
    );
    expect(activity()).toBe('sub-calls (1 running)');
    state.apply(event({ type: 'output', iteration: 2, cellId: 'root.c2', output: '', durationMs: 1 }));
    expect(activity()).toBe('reading the output');
  });

  it('carries the models without a price into the meter, before any call returns', () => {
    const progress = new TurnProgress(new RunState(), limits, Date.now());
    expect(progress.meter().unpricedModels).toBeUndefined();
    progress.unpriced(['local-model']);
    expect(progress.meter()).toMatchObject({ costUsd: 0, unpricedModels: ['local-model'] });
  });
});
