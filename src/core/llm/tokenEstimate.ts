/**
 * Local token counts: for endpoints that report no usage (some local servers, marked as estimates by the caller) and
 * for the engine's spending reservations before a call is sent. Bounded in time whatever the text: the BPE merge of
 * gpt-tokenizer is quadratic in the length of a run without spaces (300 KB of base64 took seconds, 300 KB of one
 * repeated letter minutes), and these counts run on the host's main thread where no timeout can interrupt them.
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
    const count = (fs.existsSync(bundled) ? load(bundled) : load('gpt-tokenizer')).countTokens as (
      text: string,
      options: { disallowedSpecial: ReadonlySet<string> },
    ) => number;
    // Special tokens (`<|endoftext|>`, `<|im_start|>`) in a file, an output or a prompt are text to count: by default
    // the tokenizer throws on them, which failed the call (and the run) that carried them.
    const asText = { disallowedSpecial: new Set<string>() };
    countTokensImpl = (value) => count(value, asText);
  }
  return countTokensImpl(text);
}

/** Texts up to this many characters are counted exactly (at most a few ms even without a single space). */
export const exactCountChars = 2_048;
/** Longer texts: this many evenly spaced windows are counted and the rate extrapolated to the whole text. */
const sampleWindows = 32;
const windowChars = 256;

/**
 * Tokens of `text`: exact when short; for long texts, the token rate of evenly spaced windows times the length, so
 * the cost is bounded (≈ 8K characters tokenized) whatever the size. Windows cut words at their edges, which adds
 * a token or two per window: the estimate leans high, the safe side for a spending reservation.
 */
export function estimateTextTokens(text: string): number {
  if (text.length <= exactCountChars) return countTokens(text);
  const stride = (text.length - windowChars) / (sampleWindows - 1);
  let sampledTokens = 0;
  for (let i = 0; i < sampleWindows; i++) {
    const start = Math.round(i * stride);
    sampledTokens += countTokens(text.slice(start, start + windowChars));
  }
  return Math.ceil((sampledTokens / (sampleWindows * windowChars)) * text.length);
}

/** Per-message framing tokens of the chat format (role markers), as OpenAI documents for its chat models. */
const tokensPerMessage = 4;

export function estimateInputTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, message) => sum + tokensPerMessage + estimateTextTokens(message.content), 3);
}

export function estimateOutputTokens(text: string): number {
  return estimateTextTokens(text);
}

/**
 * Tokens as UTF-8 bytes / 3, for sizing prompts to a window: model tokenizers differ and none is at hand for most
 * of them; every BPE we know packs source code and English denser than that, so it errs on the safe side, in one pass.
 */
export function conservativeTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text) / 3);
}
