/**
 * Sorts a failed attempt into "retry it" or a typed `LlmError` for the caller.
 */
import OpenAI from 'openai';
import { LlmAbortedError, LlmAuthError, LlmBadRequestError, LlmContextLengthError, type LlmError } from './llmErrors';
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

const contextLengthPattern = /context[_ ]length|context window|maximum context|too many tokens|prompt is too long|reduce the length/i;

export function classifyFailure(
  error: unknown,
  model: string,
  baseUrl: string,
  signal: AbortSignal | undefined,
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
    const detail = describeApiError(error);
    const code = (error as { code?: unknown }).code;
    if (code === 'context_length_exceeded' || ((error.status === 400 || error.status === 413) && contextLengthPattern.test(detail))) {
      return new LlmContextLengthError(model, error.status, detail);
    }
    if (error.status === 401 || error.status === 403) return new LlmAuthError(model, error.status, baseUrl, detail);
    if (isRetryableStatus(error.status)) return retry(`HTTP ${error.status}: ${detail}`, error.status, parseRetryAfter(error.headers));
    return new LlmBadRequestError(model, error.status, baseUrl, detail);
  }
  if (error instanceof OpenAI.APIError && contextLengthPattern.test(error.message)) {
    return new LlmContextLengthError(model, undefined, error.message); // an error event inside the stream
  }
  if (error instanceof OpenAI.APIConnectionError) return retry(`network error: ${describeCause(error)}`);
  // Anything else thrown while reading the body: a reset socket, a malformed chunk, an error event mid-stream.
  return retry(`broken response: ${describeCause(error)}`);
}

function describeApiError(error: InstanceType<typeof OpenAI.APIError>): string {
  const body = error.error as { message?: unknown } | undefined;
  const message = typeof body?.message === 'string' ? body.message : error.message;
  return message.replace(/^\d{3}\s+/, '').slice(0, 300);
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`.slice(0, 300);
}
