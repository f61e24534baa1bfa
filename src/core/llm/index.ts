// The model client: the interface the engine uses, the OpenAI-compatible adapter, its errors, retries and pricing.
export type { ChatMessage, ChatRequest, ChatResponse, ChatRole, LlmClient, RetryNotice, StreamDelta, TokenUsage } from './llmClient';
export { isLlmError, LlmAbortedError, LlmAuthError, LlmBadRequestError, LlmContextLengthError, LlmError, LlmUnavailableError, LlmUnreachableError } from './llmErrors';
export type { LlmErrorKind } from './llmErrors';
export { defaultOpenAiCompatibleConfig, OpenAiCompatibleClient } from './openAiCompatibleClient';
export type { OpenAiCompatibleConfig, OpenAiCompatibleHooks, OpenAiCompatibleSettings } from './openAiCompatibleClient';
export { costOf, defaultPricing, findPrice, mergePricing } from './pricing';
export type { ModelPrice, PricingTable } from './pricing';
export { defaultRetryPolicy, parseRetryAfter, retryDelayMs } from './retryPolicy';
export type { RetryPolicy } from './retryPolicy';
