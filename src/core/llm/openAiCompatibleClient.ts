/**
 * An `LlmClient` for any OpenAI-compatible endpoint (OpenAI, Azure, Ollama, LM Studio, vLLM, OpenRouter) on the
 * `openai` package, with our own retries (the package's are off), a per-attempt timeout, usage and cost.
 */
import OpenAI from 'openai';
import { abortableSleep } from '../abortable';
import type { ChatRequest, ChatResponse, LlmClient, RetryNotice, TokenUsage } from './llmClient';
import { LlmAbortedError, LlmError, LlmUnavailableError } from './llmErrors';
import {
  AttemptTimeout,
  classifyFailure,
  ConsumerError,
  StreamCutError,
  type RetryableFailure,
} from './classifyFailure';
import { costOf, defaultPricing, findPrice, type ModelPrice, type PricingTable } from './pricing';
import { defaultRetryPolicy, retryDelayMs, type RetryPolicy } from './retryPolicy';
import { askUnlessAborted, rateLimitStep, type AskRateLimitWait } from './rateLimitWait';
import { secretRedactor } from './redactSecrets';
import { estimateInputTokens, estimateOutputTokens } from './tokenEstimate';
import {
  findModelEntry,
  limitsFromModelEntry,
  resolveModelProfile,
  type ModelLimits,
  type ModelProfile,
} from './modelProfile';

export interface OpenAiCompatibleConfig {
  /** E.g. https://api.openai.com/v1, http://localhost:11434/v1 (Ollama), http://localhost:1234/v1 (LM Studio). */
  baseUrl: string;
  /** Local servers ignore it; some SDK paths insist on a value, hence the placeholder default. */
  apiKey: string;
  model: string;
  /** Extra headers on every request (Azure `api-key`, OpenRouter `HTTP-Referer`, proxies). */
  headers: Readonly<Record<string, string>>;
  /** Per attempt, from sending the request to the last streamed byte. */
  timeoutMs: number;
  retry: RetryPolicy;
  pricing: PricingTable;
  /** Newer OpenAI reasoning models accept only `max_completion_tokens`; local servers know `max_tokens`. */
  maxTokensParameter: 'max_tokens' | 'max_completion_tokens';
  /** The user's context window for this model (tokens); overrides what the endpoint's `/models` metadata says. */
  contextWindow?: number;
}

const defaultOpenAiCompatibleConfig: Omit<OpenAiCompatibleConfig, 'baseUrl' | 'model'> = {
  apiKey: 'not-needed',
  headers: {},
  timeoutMs: 120_000,
  retry: defaultRetryPolicy,
  pricing: defaultPricing,
  maxTokensParameter: 'max_tokens',
};

/** `retry` may name only what differs from the default policy (a CLI flag sets the rate-limit wait alone). */
export type OpenAiCompatibleSettings = Partial<Omit<OpenAiCompatibleConfig, 'retry'>> &
  Pick<OpenAiCompatibleConfig, 'baseUrl' | 'model'> & { retry?: Partial<RetryPolicy> };

export interface OpenAiCompatibleHooks {
  /** Told before each wait between attempts (for progress output and logs). */
  onRetry?: (notice: RetryNotice) => void;
  /**
   * Asked when a rate limit's wait would pass `retry.maxRateLimitWaitMs` (the chat panel shows "Wait N s" / "Stop").
   * Without it such a wait is not waited: the call fails and says how to allow longer waits.
   */
  askRateLimitWait?: AskRateLimitWait;
  /** Source of jitter; injectable so backoff is reproducible in tests. */
  random?: () => number;
}

interface AttemptResult {
  text: string;
  model: string;
  usage: TokenUsage;
  finishReason: string | undefined;
}

export class OpenAiCompatibleClient implements LlmClient {
  readonly config: OpenAiCompatibleConfig;
  private readonly openai: OpenAI;
  private readonly profiles = new Map<string, Promise<ModelProfile>>();

  private readonly redactKey: (text: string) => string;

  constructor(
    settings: OpenAiCompatibleSettings,
    private readonly hooks: OpenAiCompatibleHooks = {},
  ) {
    this.config = {
      ...defaultOpenAiCompatibleConfig,
      ...settings,
      retry: { ...defaultRetryPolicy, ...settings.retry },
    };
    this.redactKey = secretRedactor([this.config.apiKey]);
    this.openai = new OpenAI({
      baseURL: this.config.baseUrl,
      apiKey: this.config.apiKey,
      defaultHeaders: { ...this.config.headers },
      maxRetries: 0, // ours are the only retries: one policy, one cap on waiting
      timeout: this.config.timeoutMs,
      logLevel: 'off', // failures reach the caller as typed errors; the package's console logging would duplicate them
    });
  }

  get model(): string {
    return this.config.model;
  }

  price(model: string = this.config.model): ModelPrice | undefined {
    return findPrice(model, this.config.pricing);
  }

  /** Asks the endpoint's `/models` once per model; a server that cannot say leaves the table and the default. */
  modelProfile(): Promise<ModelProfile> {
    const model = this.config.model;
    let profile = this.profiles.get(model);
    if (!profile) {
      const setting: ModelLimits = this.config.contextWindow ? { contextWindow: this.config.contextWindow } : {};
      profile = this.endpointLimits(model).then((endpoint) => resolveModelProfile(model, { setting, endpoint }));
      this.profiles.set(model, profile);
    }
    return profile;
  }

  /** Not tied to one run's signal: the answer is cached for every later run. */
  private async endpointLimits(model: string): Promise<ModelLimits> {
    try {
      const page = await this.openai.models.list({
        signal: AbortSignal.timeout(Math.min(this.config.timeoutMs, 10_000)),
      });
      return limitsFromModelEntry(findModelEntry(page.data as unknown[], model));
    } catch {
      return {}; // Azure deployments and some proxies list nothing: the table and the default still apply
    }
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    const model = request.model ?? this.config.model;
    const policy = this.config.retry;
    let waitedMs = 0;
    let failures = 0;
    const rateLimit = { waitedMs: 0, agreedMs: policy.maxRateLimitWaitMs };
    for (let attempt = 1; ; attempt++) {
      if (request.signal?.aborted) throw new LlmAbortedError(model);
      let failure: RetryableFailure;
      try {
        const result = await this.attempt(request, model, attempt);
        const costUsd =
          costOf(result.model, result.usage, this.config.pricing) ?? costOf(model, result.usage, this.config.pricing);
        return { ...result, costUsd, attempts: attempt };
      } catch (error) {
        if (error instanceof ConsumerError) throw error.inner; // the caller's own exception, not the endpoint's
        const classified = classifyFailure(error, model, this.config.baseUrl, request.signal, this.redactKey);
        if (classified instanceof LlmError) throw classified;
        failure = classified;
      }
      const delayMs = retryDelayMs(policy, attempt, failure.retryAfterMs, this.hooks.random);
      if (failure.status === 429) {
        await this.agreeToRateLimitWait(model, failure, attempt, delayMs, rateLimit, request.signal);
        rateLimit.waitedMs += delayMs;
      } else {
        failures++;
        if (failures >= policy.maxAttempts) {
          throw new LlmUnavailableError(model, failure.status, attempt, waitedMs, failure.reason, failure.cause, {
            baseUrl: this.config.baseUrl,
          });
        }
        if (waitedMs + delayMs > policy.maxTotalWaitMs) {
          throw new LlmUnavailableError(model, failure.status, attempt, waitedMs, failure.reason, failure.cause, {
            baseUrl: this.config.baseUrl,
            nextWaitMs: delayMs,
            maxTotalWaitMs: policy.maxTotalWaitMs,
          });
        }
      }
      this.hooks.onRetry?.({ attempt, delayMs, reason: failure.reason, status: failure.status });
      try {
        await abortableSleep(delayMs, request.signal);
      } catch {
        throw new LlmAbortedError(model);
      }
      waitedMs += delayMs;
    }
  }

  /**
   * Returns when the user allowed this rate-limited wait (by the setting, or by answering "wait"); throws when they
   * said stop, stopped the run, or nobody can be asked and the wait passes what they allowed.
   */
  private async agreeToRateLimitWait(
    model: string,
    failure: RetryableFailure,
    attempt: number,
    delayMs: number,
    rateLimit: { waitedMs: number; agreedMs: number },
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const ask = this.hooks.askRateLimitWait;
    const step = rateLimitStep(delayMs, rateLimit.waitedMs, rateLimit.agreedMs, ask !== undefined);
    if (step === 'wait') return;
    if (step === 'give-up' || !ask) {
      throw new LlmUnavailableError(model, failure.status, attempt, rateLimit.waitedMs, failure.reason, failure.cause, {
        baseUrl: this.config.baseUrl,
        nextWaitMs: delayMs,
        maxRateLimitWaitMs: this.config.retry.maxRateLimitWaitMs,
      });
    }
    let decision: 'wait' | 'stop';
    try {
      decision = await askUnlessAborted(
        ask,
        { model, waitMs: delayMs, waitedMs: rateLimit.waitedMs, maxWaitMs: this.config.retry.maxRateLimitWaitMs },
        signal,
      );
    } catch {
      throw new LlmAbortedError(model);
    }
    if (decision !== 'wait') throw new LlmAbortedError(model);
    rateLimit.agreedMs = rateLimit.waitedMs + delayMs; // this one wait, not every later one
  }

  private async attempt(request: ChatRequest, model: string, attempt: number): Promise<AttemptResult> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new AttemptTimeout(this.config.timeoutMs)), this.config.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;
    const body = {
      model,
      messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(request.maxTokens === undefined ? {} : { [this.config.maxTokensParameter]: request.maxTokens }),
    };
    try {
      const result = request.onDelta
        ? await this.streamed(body, signal, request.onDelta, attempt)
        : await this.whole(body, signal);
      const usage = result.usage ?? {
        inputTokens: estimateInputTokens(request.messages),
        outputTokens: estimateOutputTokens(result.text),
        estimated: true,
      };
      return { text: result.text, model: result.model ?? model, usage, finishReason: result.finishReason };
    } catch (error) {
      throw timeout.signal.aborted && !request.signal?.aborted ? timeout.signal.reason : error;
    } finally {
      clearTimeout(timer);
    }
  }

  private async whole(body: ChatBody, signal: AbortSignal): Promise<PartialResult> {
    const completion = await this.openai.chat.completions.create({ ...body, stream: false }, { signal });
    const choice = completion.choices[0];
    return {
      text: choice?.message?.content ?? '',
      model: completion.model || undefined,
      usage: toUsage(completion.usage),
      finishReason: choice?.finish_reason ?? undefined,
    };
  }

  private async streamed(
    body: ChatBody,
    signal: AbortSignal,
    onDelta: NonNullable<ChatRequest['onDelta']>,
    attempt: number,
  ): Promise<PartialResult> {
    const stream = await this.openai.chat.completions.create(
      { ...body, stream: true, stream_options: { include_usage: true } },
      { signal },
    );
    let text = '';
    let model: string | undefined;
    let usage: TokenUsage | undefined;
    let finishReason: string | undefined;
    for await (const chunk of stream) {
      model ??= chunk.model || undefined;
      usage = toUsage(chunk.usage) ?? usage;
      const choice = chunk.choices?.[0];
      const delta = choice?.delta?.content;
      if (delta) {
        text += delta;
        try {
          onDelta({ text: delta, attempt });
        } catch (error) {
          throw new ConsumerError(error);
        }
      }
      finishReason = choice?.finish_reason ?? finishReason;
    }
    // A stream that ends without a finish reason was cut (proxy, server crash): the text is incomplete.
    if (finishReason === undefined) throw new StreamCutError(text.length);
    return { text, model, usage, finishReason };
  }
}

type ChatBody = {
  model: string;
  messages: { role: 'system' | 'user' | 'assistant'; content: string }[];
  temperature?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
};

interface PartialResult {
  text: string;
  model: string | undefined;
  usage: TokenUsage | undefined;
  finishReason: string | undefined;
}

function toUsage(usage: OpenAI.CompletionUsage | null | undefined): TokenUsage | undefined {
  if (!usage || typeof usage.prompt_tokens !== 'number') return undefined;
  return { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens ?? 0, estimated: false };
}
