import { describe, expect, it } from 'vitest';
import { askUnlessAborted, rateLimitStep, waitSeconds } from '../../../src/core/llm/rateLimitWait';

describe('the rate-limit wait policy', () => {
  it('waits on its own only within what the user allows, counting what the call already waited', () => {
    expect(rateLimitStep(10_000, 0, 30_000, true)).toBe('wait');
    expect(rateLimitStep(10_000, 20_000, 30_000, true)).toBe('wait');
    expect(rateLimitStep(10_001, 20_000, 30_000, true)).toBe('ask');
    expect(rateLimitStep(60_000, 0, 30_000, true)).toBe('ask');
  });

  it('gives up instead of waiting past the allowance when nobody can be asked (the CLI, @rlm)', () => {
    expect(rateLimitStep(60_000, 0, 30_000, false)).toBe('give-up');
    expect(rateLimitStep(1, 0, 0, false)).toBe('give-up');
    expect(rateLimitStep(0, 0, 0, false)).toBe('wait');
  });

  it('shows a wait in whole seconds, never "0 s"', () => {
    expect(waitSeconds(200)).toBe(1);
    expect(waitSeconds(1000)).toBe(1);
    expect(waitSeconds(1001)).toBe(2);
    expect(waitSeconds(90_000)).toBe(90);
  });

  it('an unanswered question ends as soon as the run is stopped', async () => {
    const controller = new AbortController();
    const pending = askUnlessAborted(
      () => new Promise(() => undefined),
      { model: 'm', waitMs: 5000, waitedMs: 0, maxWaitMs: 0 },
      controller.signal,
    );
    controller.abort(new Error('stopped by the user'));
    await expect(pending).rejects.toThrow('stopped by the user');
  });

  it('passes the answer on', async () => {
    const controller = new AbortController();
    await expect(
      askUnlessAborted(async () => 'wait', { model: 'm', waitMs: 5000, waitedMs: 0, maxWaitMs: 0 }, controller.signal),
    ).resolves.toBe('wait');
    await expect(
      askUnlessAborted(async () => 'stop', { model: 'm', waitMs: 5000, waitedMs: 0, maxWaitMs: 0 }, undefined),
    ).resolves.toBe('stop');
  });
});
