/**
 * Local token counts for endpoints that report no usage (some local servers), marked as estimates by the caller.
 */
import { countTokens } from 'gpt-tokenizer';
import type { ChatMessage } from './llmClient';

/** Per-message framing tokens of the chat format (role markers), as OpenAI documents for its chat models. */
const tokensPerMessage = 4;

export function estimateInputTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, message) => sum + tokensPerMessage + countTokens(message.content), 3);
}

export function estimateOutputTokens(text: string): number {
  return countTokens(text);
}
