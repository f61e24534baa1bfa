import { describe, expect, it } from 'vitest';
import {
  defaultPricing,
  findPrice,
  InvalidPricingError,
  mergePricing,
  parsePricing,
} from '../../../src/core/llm/pricing';

describe('built-in price table', () => {
  it('prices the common hosted families under the ids their APIs and OpenRouter use', () => {
    const cases: [string, string][] = [
      ['gpt-5-mini', 'gpt-5-mini'],
      ['openai/gpt-4.1', 'gpt-4.1'],
      ['claude-sonnet-4-20250514', 'claude-sonnet-4'],
      ['anthropic/claude-sonnet-4', 'claude-sonnet-4'],
      ['anthropic/claude-sonnet-4.5', 'claude-sonnet-4-5'],
      ['anthropic/claude-3.5-haiku', 'claude-3-5-haiku'],
      ['claude-opus-4-1-20250805', 'claude-opus-4-1'],
      ['google/gemini-2.5-pro', 'gemini-2.5-pro'],
      ['gemini-2.5-flash', 'gemini-2.5-flash'],
      ['deepseek/deepseek-chat', 'deepseek-chat'],
      ['deepseek-reasoner', 'deepseek-reasoner'],
      ['mistral-large-latest', 'mistral-large'],
      ['mistral-large-2411', 'mistral-large'],
      ['mistralai/codestral-2508', 'codestral'],
      ['qwen/qwen3-coder', 'qwen3-coder'],
      ['qwen-plus', 'qwen-plus'],
    ];
    for (const [model, entry] of cases) expect(findPrice(model, defaultPricing), model).toBe(defaultPricing[entry]);
  });

  it('leaves local and unknown models unpriced rather than guessing from a similar name', () => {
    for (const model of [
      'qwen2.5-coder:7b',
      'llama3.1:8b',
      'gpt-4o-audio-preview',
      'claude-sonnet-4-5-turbo',
      'my-finetune',
    ]) {
      expect(findPrice(model, defaultPricing), model).toBeUndefined();
    }
  });

  it('holds only non-negative finite prices', () => {
    expect(() =>
      parsePricing(
        Object.fromEntries(
          Object.entries(defaultPricing).map(([k, p]) => [
            k,
            { input: p.inputUsdPerMillion, output: p.outputUsdPerMillion },
          ]),
        ),
        'defaults',
      ),
    ).not.toThrow();
  });
});

describe('user prices', () => {
  it('turns { model: { input, output } } into a table that overrides the defaults', () => {
    const user = parsePricing(
      { 'my-model': { input: 0.5, output: 1.5 }, ' gpt-4o ': { input: 0, output: 0 } },
      'rlm.model.pricing',
    );
    expect(user).toEqual({
      'my-model': { inputUsdPerMillion: 0.5, outputUsdPerMillion: 1.5 },
      'gpt-4o': { inputUsdPerMillion: 0, outputUsdPerMillion: 0 },
    });
    const table = mergePricing(user);
    expect(findPrice('gpt-4o', table)).toEqual({ inputUsdPerMillion: 0, outputUsdPerMillion: 0 });
    expect(findPrice('gpt-4o-mini', table)).toBe(defaultPricing['gpt-4o-mini']);
  });

  it('refuses bad entries with a message naming the entry and the field', () => {
    const bad: [unknown, RegExp][] = [
      [[], /rlm\.model\.pricing: is not an object of model prices/],
      [{ m: { input: -1, output: 1 } }, /entry "m" has "input": -1, which is not a non-negative number/],
      [{ m: { input: 1, output: Infinity } }, /entry "m" has "output": Infinity/],
      [{ m: { input: '1', output: 1 } }, /entry "m" has "input": "1"/],
      [{ m: { input: 1 } }, /entry "m" has "output": missing/],
      [{ m: { input: 1, output: 1, cached: 0.1 } }, /entry "m" has unknown field\(s\) "cached"/],
      [{ m: 3 }, /entry "m" is not an object with "input" and "output"/],
      [{ '  ': { input: 1, output: 1 } }, /has an empty model id/],
    ];
    for (const [value, message] of bad) {
      expect(() => parsePricing(value, 'rlm.model.pricing')).toThrow(InvalidPricingError);
      expect(() => parsePricing(value, 'rlm.model.pricing')).toThrow(message);
    }
  });
});
