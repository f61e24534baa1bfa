import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/core/engine/runEvents';
import { TurnProgress } from '../../../src/vscode/chat/turnProgress';

const limits = { maxIterations: 10, maxTokens: 100_000, maxCostUsd: 1 };
const base = { runId: 'root', depth: 0, at: 1 };
let ids = 0;
const event = (fields: Record<string, unknown>): RunEvent => ({ id: `e${++ids}`, ...base, ...fields }) as RunEvent;

describe('TurnProgress', () => {
  it('shows a rate-limit wait until the next model output arrives', () => {
    const progress = new TurnProgress(limits, Date.now());
    progress.apply(event({ type: 'run-start', question: 'q' }));
    progress.retrying(5_000);
    expect(progress.progress().waitUntil).toBeGreaterThan(Date.now());
    expect(progress.progress().activity).toMatch(/waiting for the model/);
    progress.apply(event({ type: 'model-delta', iteration: 1, text: 'x', attempt: 2, lastCall: false }));
    expect(progress.progress().waitUntil).toBeUndefined();
  });

  it('ends a sub-call retry wait when the sub-call ends, and counts sub-calls in flight', () => {
    const progress = new TurnProgress(limits, Date.now());
    progress.apply(event({ type: 'run-start', question: 'q' }));
    progress.subCallStarted();
    progress.retrying(5_000);
    expect(progress.progress().subCallsInFlight).toBe(1);
    progress.subCallEnded();
    progress.apply(event({ type: 'sub-call', usage: { inputTokens: 2, outputTokens: 3, estimated: false }, costUsd: 0.5 }));
    const after = progress.progress();
    expect(after.waitUntil).toBeUndefined();
    expect([after.subCallsInFlight, after.subCallsDone]).toEqual([0, 1]);
    expect(progress.meter()).toMatchObject({ inputTokens: 2, outputTokens: 3, costUsd: 0.5, costComplete: true });
  });

  it('carries the models without a price into the meter, before any call returns', () => {
    const progress = new TurnProgress(limits, Date.now());
    expect(progress.meter().unpricedModels).toBeUndefined();
    progress.unpriced(['local-model']);
    expect(progress.meter()).toMatchObject({ costUsd: 0, unpricedModels: ['local-model'] });
  });
});
