/** Work done in synchronous stretches (fast on Node) hands the event loop back this often, in milliseconds. */
const sliceMs = 10;

/**
 * A clock for long synchronous work: `maybeYield()` lets timers, I/O and abort signals run once a slice of
 * work has passed, so a search stays responsive without paying the cost of asynchronous calls per file.
 */
export class CooperativeClock {
  private sliceStart = performance.now();

  async maybeYield(signal?: AbortSignal): Promise<void> {
    if (performance.now() - this.sliceStart < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.sliceStart = performance.now();
    signal?.throwIfAborted();
  }
}
