/**
 * Errors a model call surfaces to its caller. Each says what happened and what to do about it.
 */
export type LlmErrorKind = 'auth' | 'bad-request' | 'context-length' | 'unavailable' | 'aborted';

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

/** 401/403: the key is missing, wrong, or lacks access to the model. */
export class LlmAuthError extends LlmError {
  readonly kind = 'auth';
  constructor(model: string, status: number, baseUrl: string, detail: string) {
    super(
      `The model endpoint ${baseUrl} refused the request for model "${model}" (HTTP ${status}: ${detail}). ` +
        'Check the API key (RLM_API_KEY or OPENAI_API_KEY) and that it has access to this model.',
      model,
      status,
    );
  }
}

/** 400 and other client errors: retrying the same request cannot help. */
export class LlmBadRequestError extends LlmError {
  readonly kind = 'bad-request';
  constructor(model: string, status: number, baseUrl: string, detail: string) {
    super(
      `The model endpoint ${baseUrl} rejected the request for model "${model}" (HTTP ${status}: ${detail}). ` +
        'Check the model name and the base URL (it usually ends in /v1).',
      model,
      status,
    );
  }
}

/** The prompt plus the requested completion do not fit the model's context window. */
export class LlmContextLengthError extends LlmError {
  readonly kind = 'context-length';
  /** The window the endpoint said the model has, when it said (vLLM, OpenAI, llama.cpp, LM Studio do). */
  readonly contextWindow: number | undefined;
  /** The tokens the endpoint counted for the request, when it said. */
  readonly requestedTokens: number | undefined;
  constructor(model: string, status: number | undefined, detail: string, sizes: { contextWindow?: number; requestedTokens?: number } = {}) {
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

/** Rate limits, server errors, timeouts or network failures that outlasted every retry. */
export class LlmUnavailableError extends LlmError {
  readonly kind = 'unavailable';
  readonly attempts: number;
  readonly waitedMs: number;
  readonly lastReason: string;
  constructor(model: string, status: number | undefined, attempts: number, waitedMs: number, lastReason: string, cause?: unknown) {
    super(
      `Model "${model}" did not answer after ${attempts} attempt(s) and ${(waitedMs / 1000).toFixed(1)} s of waiting ` +
        `(last: ${lastReason}). The endpoint may be down, overloaded or rate-limiting; try again later, ` +
        'or raise the retry limits.',
      model,
      status,
      { cause },
    );
    this.attempts = attempts;
    this.waitedMs = waitedMs;
    this.lastReason = lastReason;
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
    (typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string' &&
      typeof (value as { model?: unknown }).model === 'string' && value instanceof Error)
  );
}
