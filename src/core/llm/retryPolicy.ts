/**
 * When and how long to wait before retrying a model call: exponential backoff with jitter, honouring Retry-After.
 */
export interface RetryPolicy {
  /** Total attempts including the first; 1 disables retries. */
  maxAttempts: number;
  /** Backoff before the first retry; doubles each time. */
  baseDelayMs: number;
  /** Cap on one computed backoff (a server's Retry-After may ask for more, within maxTotalWaitMs). */
  maxDelayMs: number;
  /** Cap on the sum of all waits of one call for failures (5xx, timeouts, dropped connections); past it the call fails. */
  maxTotalWaitMs: number;
  /**
   * What one call may wait for rate limits (HTTP 429) without asking: the user's own setting (`--max-rate-limit-wait`,
   * `rlm.model.maxRateLimitWaitSeconds`). A longer wait is asked about where someone can answer, else the call fails.
   * Rate-limited attempts are bounded by this wait, not by maxAttempts.
   */
  maxRateLimitWaitMs: number;
  /** Fraction of each backoff that is randomised (0 = none, 1 = full jitter). */
  jitter: number;
}

export const defaultRetryPolicy: Readonly<RetryPolicy> = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxTotalWaitMs: 60_000,
  maxRateLimitWaitMs: 30_000,
  jitter: 0.5,
};

/**
 * Backoff for the retry after failed attempt `attempt` (1-based). A server-given wait is honoured
 * as a minimum; jitter only spreads computed backoffs downward so retries never beat the cap.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const backoff = exponential * (1 - policy.jitter * random());
  return Math.round(retryAfterMs === undefined ? backoff : Math.max(retryAfterMs, backoff));
}

/**
 * Reads `retry-after-ms` (OpenAI, Azure) or `Retry-After` (seconds or an HTTP date) into milliseconds.
 */
export function parseRetryAfter(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** HTTP statuses worth another attempt: rate limits, timeouts and server-side failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}
