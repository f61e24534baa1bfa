import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countTokens } from 'gpt-tokenizer';
import { describe, expect, it } from 'vitest';
import { estimateInputTokens, estimateTextTokens, exactCountChars } from '../../../src/core/llm/tokenEstimate';

const source = readFileSync(join(__dirname, '../../../src/core/engine/rlmEngine.ts'), 'utf8');

describe('local token estimates', () => {
  it('counts chat special tokens in a text (in a tokenizer or a chat template) as text instead of failing', () => {
    const text = 'split on <|endoftext|> and wrap turns in <|im_start|>user ... <|im_end|>';
    expect(estimateTextTokens(text)).toBeGreaterThan(10);
    expect(estimateTextTokens(text.repeat(200))).toBeGreaterThan(2000);
    expect(estimateInputTokens([{ role: 'user', content: text }])).toBeGreaterThan(10);
  });

  it('counts short texts exactly', () => {
    const text = source.slice(0, exactCountChars);
    expect(estimateTextTokens(text)).toBe(countTokens(text));
    expect(estimateInputTokens([{ role: 'user', content: 'hello world' }])).toBe(3 + 4 + countTokens('hello world'));
  });

  it('estimates long texts of different kinds within a few percent of the exact count', () => {
    const texts = [
      source.repeat(10).slice(0, 150_000),
      'The quick brown fox jumps over the lazy dog. '.repeat(3_000),
      randomBytes(30_000).toString('base64'),
      'é, ü and 漢字 mixed with ascii words. '.repeat(2_000),
    ];
    for (const text of texts) {
      const exact = countTokens(text);
      const estimate = estimateTextTokens(text);
      expect(Math.abs(estimate - exact) / exact, `${text.slice(0, 30)}…: ${estimate} vs ${exact}`).toBeLessThan(0.05);
    }
  });

  it('counts 300 KB without a single space in bounded time (the full BPE count takes about a minute)', () => {
    // One letter repeated: gpt-tokenizer merges it into 8-letter tokens; its exact count of 300 KB is quadratic.
    expect(estimateTextTokens('x'.repeat(300_000))).toBe(37_500);
    const base64 = randomBytes(225_000).toString('base64');
    const sample = base64.slice(0, 20_000);
    const rate = countTokens(sample) / sample.length;
    expect(estimateTextTokens(base64) / (rate * base64.length)).toBeCloseTo(1, 1);
  });
});
