/**
 * The seam between the engine and any chat-completion endpoint: one call, optionally streamed, with usage and cost.
 */
import type { ModelPrice } from './pricing';
import type { ModelProfile } from './modelProfile';

type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export interface ChatRequest {
  messages: readonly ChatMessage[];
  /** Defaults to the client's configured model. */
  model?: string;
  temperature?: number;
  maxTokens?: number;
  /** Cancels the call, including any wait between retries. */
  signal?: AbortSignal;
  /** When set, the reply is streamed and each text delta is passed here as it arrives. */
  onDelta?: (delta: StreamDelta) => void;
}

export interface StreamDelta {
  text: string;
  /** 1-based; a new attempt after a failed one restarts the text, so consumers drop deltas of older attempts. */
  attempt: number;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  /** True when the endpoint sent no usage and the counts come from a local tokenizer. */
  estimated: boolean;
}

export interface ChatResponse {
  text: string;
  /** The model that answered, as the endpoint named it (or as requested when it does not say). */
  model: string;
  usage: TokenUsage;
  /** USD; `undefined` when the model has no price in the pricing table: unknown, never guessed. */
  costUsd: number | undefined;
  finishReason: string | undefined;
  /** How many HTTP attempts it took (1 = no retry). */
  attempts: number;
}

export interface RetryNotice {
  attempt: number;
  delayMs: number;
  reason: string;
  /** The HTTP status of the failed attempt (429 = rate limited), when there was one. */
  status?: number;
}

export interface LlmClient {
  /** The default model of this client. */
  readonly model: string;
  complete(request: ChatRequest): Promise<ChatResponse>;
  /**
   * The price of a model (default: the client's), so the engine can reserve a call's worst-case cost before sending
   * it. Absent or `undefined` when the price is unknown: the engine then limits the call by tokens only.
   */
  price?(model?: string): ModelPrice | undefined;
  /** The model's context window and output cap, when the client can tell (metadata, settings); never throws. */
  modelProfile?(signal?: AbortSignal): Promise<ModelProfile>;
}
