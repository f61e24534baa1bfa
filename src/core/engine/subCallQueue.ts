/**
 * The run tree's one limit on sub-calls in flight. Every `llm()`, each item of `llmBatch`/`llmMap` and the
 * sub-calls of child runs wait here, however model code starts them (one at a time, a batch, or
 * `Promise.all(files.map(f => llm(...)))`), so the endpoint never sees more than `concurrency` at once.
 * When the run stops (a limit, cancellation, timeout) every waiting call is rejected at once instead of being
 * started and refused one by one.
 */
import type { LimitFunction } from 'p-limit' with { 'resolution-mode': 'import' };

/** A sub-call dropped from the queue because its own cell or call was cancelled while it waited. */
export class SubCallCancelledError extends Error {
  constructor() {
    super('The sub-call was cancelled before it started.');
    this.name = 'SubCallCancelledError';
  }
}

type Drop = (reason: unknown) => void;

export class SubCallQueue {
  private limiter: Promise<LimitFunction> | undefined;
  private readonly waiting = new Set<Drop>();
  /** Waiting calls by the signal that cancels them: one abort listener per signal, however many calls wait on it. */
  private readonly bySignal = new WeakMap<AbortSignal, Set<Drop>>();
  private stopped: { reason: unknown } | undefined;
  private running = 0;
  private idle: (() => void)[] = [];

  constructor(readonly concurrency: number) {}

  /** Calls started and not yet ended. */
  get inFlight(): number {
    return this.running;
  }

  /** Runs `task` when a slot is free; rejects at once when the queue is stopped or `signal` aborts while waiting. */
  async run<T>(signal: AbortSignal, task: () => Promise<T>): Promise<T> {
    this.throwIfStopped();
    if (signal.aborted) throw new SubCallCancelledError();
    this.limiter ??= import('p-limit').then(({ default: pLimit }) => pLimit(this.concurrency)); // ESM-only package
    const limit = await this.limiter;
    this.throwIfStopped(); // it may have stopped, or the call been cancelled, while the module loaded
    if (signal.aborted) throw new SubCallCancelledError();
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const drop: Drop = (reason) => {
        if (done) return;
        done = true;
        this.leave(signal, drop);
        reject(reason);
      };
      this.enter(signal, drop);
      void limit(async () => {
        if (done) return; // dropped while it waited: give the slot back at once
        done = true;
        this.leave(signal, drop);
        this.running++;
        try {
          resolve(await task());
        } catch (error) {
          reject(error);
        } finally {
          this.running--;
          if (this.running === 0) for (const resolveIdle of this.idle.splice(0)) resolveIdle();
        }
      });
    });
  }

  /** No call starts after this; the waiting ones are rejected with `reason` now. Calls in flight finish or abort on their own signal. */
  stop(reason: unknown): void {
    this.stopped ??= { reason };
    void this.limiter?.then((limit) => limit.clearQueue());
    const stopReason = this.stopped.reason;
    for (const drop of [...this.waiting]) drop(stopReason);
  }

  /** Resolves when no call is in flight (calls already sent when the run stopped are paid for: their usage counts). */
  whenIdle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private throwIfStopped(): void {
    if (this.stopped) throw this.stopped.reason;
  }

  private enter(signal: AbortSignal, drop: Drop): void {
    let group = this.bySignal.get(signal);
    if (!group) {
      const created = new Set<Drop>();
      group = created;
      this.bySignal.set(signal, created);
      signal.addEventListener(
        'abort',
        () => {
          for (const each of [...created]) each(new SubCallCancelledError());
        },
        { once: true },
      );
    }
    group.add(drop);
    this.waiting.add(drop);
  }

  private leave(signal: AbortSignal, drop: Drop): void {
    this.bySignal.get(signal)?.delete(drop);
    this.waiting.delete(drop);
  }
}
