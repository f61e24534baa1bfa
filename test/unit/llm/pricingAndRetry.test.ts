import { describe, expect, it } from 'vitest';
import { costOf, defaultPricing, findPrice, mergePricing } from '../../../src/core/llm/pricing';
import { defaultRetryPolicy, parseRetryAfter, retryDelayMs } from '../../../src/core/llm/retryPolicy';

describe('pricing', () => {
  it('prices exact names, dated snapshots and vendor-prefixed names, and nothing looser', () => {
    expect(findPrice('gpt-4o-mini', defaultPricing)).toEqual(defaultPricing['gpt-4o-mini']);
    expect(findPrice('gpt-4o-mini-2024-07-18', defaultPricing)).toEqual(defaultPricing['gpt-4o-mini']);
    expect(findPrice('openai/gpt-4o', defaultPricing)).toEqual(defaultPricing['gpt-4o']);
    expect(findPrice('gpt-4o-audio-preview', defaultPricing)).toBeUndefined();
    expect(findPrice('llama3.1:8b', defaultPricing)).toBeUndefined();
  });

  it('computes USD per million tokens, unknown for an unpriced model, and lets users override', () => {
    const usage = { inputTokens: 2_000_000, outputTokens: 1_000_000, estimated: false };
    expect(costOf('gpt-4o', usage, defaultPricing)).toBeCloseTo(2 * 2.5 + 10, 9);
    expect(costOf('qwen2.5-coder', usage, defaultPricing)).toBeUndefined();
    const table = mergePricing({
      'qwen2.5-coder': { inputUsdPerMillion: 0, outputUsdPerMillion: 0 },
      'gpt-4o': { inputUsdPerMillion: 1, outputUsdPerMillion: 1 },
    });
    expect(costOf('qwen2.5-coder', usage, table)).toBe(0);
    expect(costOf('gpt-4o', usage, table)).toBe(3);
    expect(costOf('gpt-4o-mini', usage, table)).toBeCloseTo(0.3 + 0.6, 9);
  });
});

describe('retry policy', () => {
  it('reads Retry-After as seconds, as an HTTP date, and retry-after-ms', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '3' }))).toBe(3000);
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '3' }))).toBe(250);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' }), now)).toBe(5000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(parseRetryAfter(new Headers())).toBeUndefined();
  });

  it('backs off exponentially up to the cap, jitters downward only, and never beats Retry-After', () => {
    const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1000, jitter: 0.5 };
    expect([1, 2, 3, 4, 5].map((a) => retryDelayMs(policy, a, undefined, () => 0))).toEqual([100, 200, 400, 800, 1000]);
    expect(retryDelayMs(policy, 2, undefined, () => 1)).toBe(100);
    expect(retryDelayMs(policy, 1, 5000, () => 0)).toBe(5000);
    expect(retryDelayMs(policy, 4, 10, () => 0)).toBe(800);
  });
});
