import { describe, expect, it } from 'vitest';
import { SubCallCancelledError, SubCallQueue } from '../../../src/core/engine/subCallQueue';

/** A task that runs until the test lets it finish. */
function heldTask(): { task: () => Promise<string>; started: Promise<void>; finish: (value: string) => void } {
  let finish: (value: string) => void = () => undefined;
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  const task = (): Promise<string> => {
    markStarted();
    return new Promise<string>((resolve) => {
      finish = resolve;
    });
  };
  return { task, started, finish: (value) => finish(value) };
}

describe('the tree-wide sub-call queue', () => {
  it('runs at most `concurrency` tasks, from any number of callers, in arrival order', async () => {
    const queue = new SubCallQueue(2);
    const signal = new AbortController().signal;
    const tasks = Array.from({ length: 5 }, heldTask);
    const results = tasks.map((t) => queue.run(signal, t.task));
    await Promise.all([tasks[0].started, tasks[1].started]);
    expect(queue.inFlight).toBe(2);
    tasks[0].finish('a');
    await tasks[2].started;
    expect(queue.inFlight).toBe(2);
    for (const [i, t] of tasks.entries()) {
      await t.started;
      if (i > 0) t.finish(String(i));
    }
    expect(await Promise.all(results)).toEqual(['a', '1', '2', '3', '4']);
    await queue.whenIdle();
  });

  it('a stop rejects every waiting call at once, while the one in flight still runs; later calls are refused', async () => {
    const queue = new SubCallQueue(1);
    const signal = new AbortController().signal;
    const first = heldTask();
    const running = queue.run(signal, first.task);
    await first.started;
    let startedAfterStop = 0;
    const waiting = Array.from({ length: 1000 }, () =>
      queue.run(signal, async () => {
        startedAfterStop++;
        return 'never';
      }),
    );
    const limit = new Error('max-cost reached');
    queue.stop(limit);
    // All 1000 settle although the only slot is still taken: nobody waited for it.
    const settled = await Promise.allSettled(waiting);
    expect(settled.every((s) => s.status === 'rejected' && s.reason === limit)).toBe(true);
    await expect(queue.run(signal, async () => 'late')).rejects.toBe(limit);
    first.finish('done');
    expect(await running).toBe('done');
    await queue.whenIdle();
    expect(startedAfterStop).toBe(0);
  });

  it('a call whose own signal aborts while it waits is dropped without touching the others', async () => {
    const queue = new SubCallQueue(1);
    const first = heldTask();
    const running = queue.run(new AbortController().signal, first.task);
    await first.started;
    const cancelled = new AbortController();
    const dropped = queue.run(cancelled.signal, async () => 'never');
    const kept = queue.run(new AbortController().signal, async () => 'kept');
    cancelled.abort();
    await expect(dropped).rejects.toBeInstanceOf(SubCallCancelledError);
    first.finish('first');
    expect(await running).toBe('first');
    expect(await kept).toBe('kept');
  });
});
