/**
 * Sorts a failed attempt into "retry it" or a typed `LlmError` for the caller.
 */
import OpenAI from 'openai';
import {
  LlmAbortedError,
  LlmAuthError,
  LlmBadRequestError,
  LlmContextLengthError,
  LlmUnreachableError,
  type LlmError,
} from './llmErrors';
import { isRetryableStatus, parseRetryAfter } from './retryPolicy';

export interface RetryableFailure {
  retryable: true;
  reason: string;
  status: number | undefined;
  retryAfterMs: number | undefined;
  cause: unknown;
}

/** Our per-attempt timeout fired (as opposed to the caller cancelling). */
export class AttemptTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no complete answer within ${timeoutMs} ms`);
    this.name = 'AttemptTimeout';
  }
}

/** The stream ended before the model said it was done. */
export class StreamCutError extends Error {
  constructor(readonly receivedChars: number) {
    super(`the stream ended without a finish reason after ${receivedChars} characters`);
    this.name = 'StreamCutError';
  }
}

/** An exception thrown by the caller's `onDelta`: rethrown untouched, never retried. */
export class ConsumerError extends Error {
  constructor(readonly inner: unknown) {
    super('onDelta threw', { cause: inner });
    this.name = 'ConsumerError';
  }
}

/**
 * How endpoints word "the prompt does not fit": OpenAI and vLLM ("maximum context length is N tokens"), llama.cpp
 * and Ollama ("the request exceeds the available context size", "input length exceeds the context length"),
 * LM Studio ("Trying to keep the first N tokens when context the overflows"), Anthropic via proxies.
 */
const contextLengthPattern =
  /context[_ ]length|context window|maximum context|context size|context the overflows|context overflow|too many tokens|prompt is too long|reduce the length|exceeds? the (?:available )?context/i;

/** `redact` removes the caller's key from endpoint text before anything is cut (an echoed key cut short still leaks). */
export function classifyFailure(
  error: unknown,
  model: string,
  baseUrl: string,
  signal: AbortSignal | undefined,
  redact: (text: string) => string = (text) => text,
): LlmError | RetryableFailure {
  if (signal?.aborted) return new LlmAbortedError(model);
  const retry = (reason: string, status?: number, retryAfterMs?: number): RetryableFailure => ({
    retryable: true,
    reason,
    status,
    retryAfterMs,
    cause: error,
  });
  if (error instanceof AttemptTimeout) return retry(`timed out: ${error.message}`);
  if (error instanceof StreamCutError) return retry(error.message);
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    const detail = describeApiError(error, redact);
    const code = (error as { code?: unknown }).code;
    if (
      code === 'context_length_exceeded' ||
      (error.status >= 400 && error.status !== 429 && contextLengthPattern.test(detail))
    ) {
      return new LlmContextLengthError(model, error.status, detail, contextSizes(detail, error.error));
    }
    if (error.status === 401 || error.status === 403) return new LlmAuthError(model, error.status, baseUrl, detail);
    if (isRetryableStatus(error.status))
      return retry(`HTTP ${error.status}: ${detail}`, error.status, parseRetryAfter(error.headers));
    return new LlmBadRequestError(model, error.status, baseUrl, detail);
  }
  if (error instanceof OpenAI.APIError && contextLengthPattern.test(error.message)) {
    return new LlmContextLengthError(model, undefined, redact(error.message), contextSizes(error.message, error.error)); // an error event inside the stream
  }
  if (error instanceof OpenAI.APIConnectionError) {
    const unreachable = unreachableReason(error);
    if (unreachable) return new LlmUnreachableError(model, baseUrl, unreachable, error);
    return retry(`network error: ${describeCause(error, redact)}`);
  }
  // Anything else thrown while reading the body: a reset socket, a malformed chunk, an error event mid-stream.
  return retry(`broken response: ${describeCause(error, redact)}`);
}

/**
 * Failures that mean nothing listens at the URL, which a retry a second later will not change: refused connections,
 * unknown hosts, URLs fetch cannot parse. Resets, timeouts and "try again" DNS answers (EAI_AGAIN) stay retryable.
 */
const unreachableCodes: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused: nothing is listening there',
  ENOTFOUND: 'unknown host name',
  ERR_INVALID_URL: 'not a valid URL',
  ERR_UNKNOWN_URL_SCHEME: 'not an http or https URL',
  EHOSTUNREACH: 'no route to the host',
};

/** The reason a connection failure is final, found on fetch's cause chain (undici nests it, and wraps several addresses in an AggregateError). */
export function unreachableReason(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 20) {
    const item = queue.shift();
    if (typeof item !== 'object' || item === null || seen.has(item)) continue;
    seen.add(item);
    const code = (item as { code?: unknown }).code;
    if (typeof code === 'string' && code in unreachableCodes) return unreachableCodes[code];
    queue.push((item as { cause?: unknown }).cause);
    const errors = (item as { errors?: unknown }).errors;
    if (Array.isArray(errors)) queue.push(...errors.slice(0, 5));
  }
  return undefined;
}

function describeApiError(error: InstanceType<typeof OpenAI.APIError>, redact: (text: string) => string): string {
  const body = error.error as { message?: unknown } | undefined;
  const message = typeof body?.message === 'string' ? body.message : error.message;
  return redact(message.replace(/^\d{3}\s+/, '')).slice(0, 300);
}

function describeCause(error: unknown, redact: (text: string) => string): string {
  if (!(error instanceof Error)) return redact(String(error)).slice(0, 300);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return redact(`${error.message}${cause}`).slice(0, 300);
}

/** The window and the request size an overflow error states, in any of the wordings endpoints use. */
function contextSizes(detail: string, body: unknown): { contextWindow?: number; requestedTokens?: number } {
  const text = detail.slice(0, 1000);
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const number = (pattern: RegExp): number | undefined => {
    const match = pattern.exec(text);
    return match ? Number(match[1]) : undefined;
  };
  const field = (key: string): number | undefined =>
    typeof fields[key] === 'number' && Number.isInteger(fields[key]) ? (fields[key] as number) : undefined;
  const contextWindow =
    field('n_ctx') ?? // llama.cpp's exceed_context_size_error
    number(/maximum context length is (\d{2,9})/i) ??
    number(/context length of (?:only )?(\d{2,9})/i) ??
    number(/(?:context size|context window|context length)(?: is| of)? \(?(\d{2,9})/i) ??
    number(/> (\d{2,9}) maximum/i);
  const requestedTokens =
    field('n_prompt_tokens') ??
    number(/(?:requested|resulted in|keep the first) (\d{2,9}) tokens/i) ??
    number(/too long: (\d{2,9}) tokens/i);
  return { ...(contextWindow ? { contextWindow } : {}), ...(requestedTokens ? { requestedTokens } : {}) };
}
