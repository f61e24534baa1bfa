/**
 * Local token counts for endpoints that report no usage (some local servers), marked as estimates by the caller.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { ChatMessage } from './llmClient';

let countTokensImpl: ((text: string) => number) | undefined;

/**
 * Bundles ship the tokenizer as dist/tokenizer.js next to themselves and load it on first use, so starting the
 * extension or the CLI does not parse its 2.7 MB; runs from source load the package.
 */
function countTokens(text: string): number {
  if (!countTokensImpl) {
    const load = createRequire(__filename);
    const bundled = path.join(__dirname, 'tokenizer.js');
    countTokensImpl = (fs.existsSync(bundled) ? load(bundled) : load('gpt-tokenizer')).countTokens as (text: string) => number;
  }
  return countTokensImpl(text);
}

/** Per-message framing tokens of the chat format (role markers), as OpenAI documents for its chat models. */
const tokensPerMessage = 4;

export function estimateInputTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, message) => sum + tokensPerMessage + countTokens(message.content), 3);
}

export function estimateOutputTokens(text: string): number {
  return countTokens(text);
}

/**
 * Tokens as UTF-8 bytes / 3, for sizing prompts to a window: model tokenizers differ and none is at hand for most
 * of them; every BPE we know packs source code and English denser than that, so it errs on the safe side, in one pass.
 */
export function conservativeTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text) / 3);
}
