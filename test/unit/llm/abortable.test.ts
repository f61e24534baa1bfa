import { describe, expect, it } from 'vitest';
import { abortable, abortableSleep } from '../../../src/core/abortable';

describe('abortable', () => {
  it('settles with the promise when the signal never aborts', async () => {
    const controller = new AbortController();
    await expect(abortable(Promise.resolve(7), controller.signal)).resolves.toBe(7);
    await expect(abortable(Promise.reject(new Error('shared work failed')), controller.signal)).rejects.toThrow(
      'shared work failed',
    );
    await expect(abortable(Promise.resolve('no signal'))).resolves.toBe('no signal');
  });

  it("rejects with the signal's reason as soon as it aborts, leaving the work to settle alone", async () => {
    const controller = new AbortController();
    const work = new Promise<number>(() => undefined);
    const waiting = abortable(work, controller.signal);
    controller.abort(new Error('stopped by the person'));
    await expect(waiting).rejects.toThrow('stopped by the person');
    await expect(abortable(Promise.resolve(1), controller.signal)).rejects.toThrow('stopped by the person');
  });
});

describe('abortableSleep', () => {
  it('resolves after the wait, and rejects at once when the signal aborts', async () => {
    await expect(abortableSleep(0)).resolves.toBeUndefined();
    const controller = new AbortController();
    const waiting = abortableSleep(3_600_000, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    await expect(abortableSleep(3_600_000, controller.signal)).rejects.toThrow('cancelled');
  });
});
