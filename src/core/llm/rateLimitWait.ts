/**
 * How long a call may wait for a rate limit: on its own up to what the user allowed beforehand (a setting, a CLI
 * flag), past that only after the user says "wait" to that one wait. Nothing waits longer than someone agreed to.
 */

/** The user's answer to "the endpoint asks to wait N s". */
export type RateLimitDecision = 'wait' | 'stop';

/** What a call asks when a rate limit's wait would pass what the user allowed. */
export interface RateLimitQuestion {
  model: string;
  /** The wait the endpoint asks for (its Retry-After, or our backoff when it names none). */
  waitMs: number;
  /** What this call has already waited for rate limits. */
  waitedMs: number;
  /** What the user allowed a call to wait on its own (the setting or flag). */
  maxWaitMs: number;
}

/** Asks the user; settles with their answer. The caller races it with the run's signal, so Stop still ends a run that is asking. */
export type AskRateLimitWait = (question: RateLimitQuestion) => Promise<RateLimitDecision>;

/** What to do with the next rate-limited wait: wait now, ask first, or give up (nobody can be asked). */
export type RateLimitStep = 'wait' | 'ask' | 'give-up';

/**
 * `agreedMs` is the total this call may wait for rate limits: the allowed maximum, raised to cover each wait the user
 * said yes to.
 */
export function rateLimitStep(waitMs: number, waitedMs: number, agreedMs: number, canAsk: boolean): RateLimitStep {
  if (waitedMs + waitMs <= agreedMs) return 'wait';
  return canAsk ? 'ask' : 'give-up';
}

/** Seconds as a person reads them: a wait of 200 ms still reads "1 s", never "0 s". */
export function waitSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** Settles with the answer, or rejects as soon as the signal aborts (an unanswered question must not hold a stopped run). */
export async function askUnlessAborted(
  ask: AskRateLimitWait,
  question: RateLimitQuestion,
  signal: AbortSignal | undefined,
): Promise<RateLimitDecision> {
  if (!signal) return ask(question);
  if (signal.aborted) throw signal.reason;
  return new Promise<RateLimitDecision>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    ask(question).then(
      (decision) => {
        signal.removeEventListener('abort', onAbort);
        resolve(decision);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
