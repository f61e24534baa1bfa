/**
 * A model call's worst case, worked out before it is sent: the prompt's tokens (counted locally, bounded in time)
 * plus its output cap, at the client's price for the model. The budget holds that much until the call settles.
 */
import type { ChatMessage, LlmClient } from '../llm/llmClient';
import type { ModelProfile } from '../llm/modelProfile';
import { estimateInputTokens } from '../llm/tokenEstimate';
import { minUsefulOutputTokens, type Budget, type Reservation } from './budget';
import { fitToWindow } from './contextBudget';

/**
 * The local count follows OpenAI's tokenizer; other models' tokenizers (Llama, Qwen...) count the same text up to
 * ~20% higher, and the chat framing differs by a few tokens. The reservation takes that margin so that the real
 * usage stays inside it.
 */
const inputMargin = 1.2;
const inputFramingSlack = 16;

/**
 * `window`: the model's, which every prompt is fitted to before it is sent. The reservation counts the messages as
 * they go out at most: fitted with the smallest answer a call is sent with, so it covers whatever output cap the
 * budget leaves. A prompt far past the window (a 15 MB llm() prompt, a child's huge question) reserves a window's
 * worth, not the millions of tokens it holds as written, which ended the run on a call costing a few thousand.
 */
export function reserveCall(
  budget: Budget,
  client: LlmClient,
  messages: readonly ChatMessage[],
  maxOutputTokens: number,
  window: ModelProfile,
): Reservation {
  const sent = fitToWindow(messages, window, minUsefulOutputTokens).messages;
  const inputTokens = Math.ceil(estimateInputTokens(sent) * inputMargin) + inputFramingSlack;
  return budget.reserve({ inputTokens, maxOutputTokens, price: client.price?.() });
}

/** The output cap model code asked for, never above the run's per-call cap (`llm(p, {maxTokens: 1e6})` gets the cap). */
export function clampOutputCap(asked: number | undefined, perCallCap: number): number {
  return Math.max(1, Math.min(asked ?? perCallCap, perCallCap));
}
