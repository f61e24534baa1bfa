/**
 * Errors a model call surfaces to its caller. Each says what happened and what to do about it.
 */
export type LlmErrorKind = 'auth' | 'bad-request' | 'context-length' | 'unavailable' | 'unreachable' | 'aborted';

export abstract class LlmError extends Error {
  abstract readonly kind: LlmErrorKind;
  readonly model: string;
  readonly status: number | undefined;

  constructor(message: string, model: string, status: number | undefined, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.model = model;
    this.status = status;
  }
}

/** An HTTP status the endpoint answered with, in one wording: what it did, the detail it gave, then the advice. */
abstract class LlmStatusError extends LlmError {
  constructor(
    verb: 'refused' | 'rejected',
    advice: string,
    { model, status, baseUrl, detail }: { model: string; status: number; baseUrl: string; detail: string },
  ) {
    super(
      `The model endpoint ${baseUrl} ${verb} the request for model "${model}" (HTTP ${status}: ${detail}). ${advice}`,
      model,
      status,
    );
  }
}

/** 401/403: the key is missing, wrong, or lacks access to the model. */
export class LlmAuthError extends LlmStatusError {
  readonly kind = 'auth';
  constructor(model: string, status: number, baseUrl: string, detail: string) {
    const advice = 'Check the API key (RLM_API_KEY or OPENAI_API_KEY) and that it has access to this model.';
    super('refused', advice, { model, status, baseUrl, detail });
  }
}

/** 400 and other client errors: retrying the same request cannot help. */
export class LlmBadRequestError extends LlmStatusError {
  readonly kind = 'bad-request';
  constructor(model: string, status: number, baseUrl: string, detail: string) {
    super('rejected', 'Check the model name and the base URL (it usually ends in /v1).', {
      model,
      status,
      baseUrl,
      detail,
    });
  }
}

/** The prompt plus the requested completion do not fit the model's context window. */
export class LlmContextLengthError extends LlmError {
  readonly kind = 'context-length';
  /** The window the endpoint said the model has, when it said (vLLM, OpenAI, llama.cpp, LM Studio do). */
  readonly contextWindow: number | undefined;
  /** The tokens the endpoint counted for the request, when it said. */
  readonly requestedTokens: number | undefined;
  constructor(
    model: string,
    status: number | undefined,
    detail: string,
    sizes: { contextWindow?: number; requestedTokens?: number } = {},
  ) {
    super(
      `The prompt is too long for model "${model}" (${detail}). ` +
        'Read less at once (smaller line ranges, fewer files per call), lower maxTokens, or use a model with a larger context window.',
      model,
      status,
    );
    this.contextWindow = sizes.contextWindow;
    this.requestedTokens = sizes.requestedTokens;
  }
}

/** What the client knew when it gave up: where it called and how long the endpoint asked it to wait next. */
export interface UnavailableDetails {
  baseUrl?: string;
  /** The wait the endpoint (or the backoff) asked for before the next attempt, when that wait passed the cap. */
  nextWaitMs?: number;
  /** The policy's cap on the total wait of one call. */
  maxTotalWaitMs?: number;
  /** A rate limit asked to wait past what the user allows a call to wait for one (and nobody could be asked). */
  maxRateLimitWaitMs?: number;
}

/** Rate limits, server errors, timeouts or network failures that outlasted every retry. */
export class LlmUnavailableError extends LlmError {
  readonly kind = 'unavailable';
  readonly attempts: number;
  readonly waitedMs: number;
  readonly lastReason: string;
  readonly nextWaitMs: number | undefined;
  constructor(
    model: string,
    status: number | undefined,
    attempts: number,
    waitedMs: number,
    lastReason: string,
    cause?: unknown,
    details: UnavailableDetails = {},
  ) {
    super(unavailableMessage(model, status, attempts, waitedMs, lastReason, details), model, status, { cause });
    this.attempts = attempts;
    this.waitedMs = waitedMs;
    this.lastReason = lastReason;
    this.nextWaitMs = details.nextWaitMs;
  }
}

const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;

/** In a person's words: a rate limit says how long it waited and asks to wait; other failures name the endpoint. */
function unavailableMessage(
  model: string,
  status: number | undefined,
  attempts: number,
  waitedMs: number,
  lastReason: string,
  details: UnavailableDetails,
): string {
  const where = details.baseUrl ? ` at ${details.baseUrl}` : '';
  const overCap =
    details.nextWaitMs !== undefined && details.maxTotalWaitMs !== undefined
      ? `; it asks to wait ${seconds(details.nextWaitMs)} more, past the ${seconds(details.maxTotalWaitMs)} a call may wait`
      : '';
  if (status === 429 && details.nextWaitMs !== undefined && details.maxRateLimitWaitMs !== undefined) {
    const waited = waitedMs > 0 ? ` after waiting ${seconds(waitedMs)}` : '';
    return (
      `The endpoint${where} is rate-limiting model "${model}"${waited} and asks to wait ${seconds(details.nextWaitMs)} more, ` +
      `longer than the ${seconds(details.maxRateLimitWaitMs)} you allow a call to wait for a rate limit, so the run did not wait. ` +
      'Ask again in a minute, allow longer waits (VS Code: rlm.model.maxRateLimitWaitSeconds; CLI: --max-rate-limit-wait), or use another model.'
    );
  }
  if (status === 429) {
    return (
      `The endpoint${where} kept rate-limiting model "${model}" after waiting ${seconds(waitedMs)}${overCap}. ` +
      'Try again in a minute, or use another model.'
    );
  }
  return (
    `Model "${model}"${where} did not answer after ${attempts} attempt(s) and ${seconds(waitedMs)} of waiting${overCap} ` +
    `(last: ${lastReason}). The endpoint may be down or overloaded; try again later, or use another model.`
  );
}

/**
 * Nothing listens at the base URL (connection refused, unknown host, a malformed URL): retrying cannot help, so the
 * call fails at once and names the URL to fix.
 */
export class LlmUnreachableError extends LlmError {
  readonly kind = 'unreachable';
  readonly baseUrl: string;
  constructor(model: string, baseUrl: string, why: string, cause?: unknown) {
    super(
      `Could not reach the model endpoint ${baseUrl} (${why}). Check that the model server is running and that the ` +
        'base URL is right (in VS Code: "RLM: Configure Model"; in the CLI: --base-url or RLM_BASE_URL), then ask again.',
      model,
      undefined,
      { cause },
    );
    this.baseUrl = baseUrl;
  }
}

/** The caller's AbortSignal fired; not a failure of the endpoint. */
export class LlmAbortedError extends LlmError {
  readonly kind = 'aborted';
  constructor(model: string) {
    super(`The call to model "${model}" was cancelled.`, model, undefined);
  }
}

/** Type guard that also holds across module copies (bundles, test workers). */
export function isLlmError(value: unknown): value is LlmError {
  return (
    value instanceof LlmError ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as { kind?: unknown }).kind === 'string' &&
      typeof (value as { model?: unknown }).model === 'string' &&
      value instanceof Error)
  );
}
