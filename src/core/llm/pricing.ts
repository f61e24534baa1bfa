/**
 * What a call costs, from a per-model price table. A model with no entry has an unknown cost, never a guessed one.
 */
import type { TokenUsage } from './llmClient';

export interface ModelPrice {
  inputUsdPerMillion: number;
  outputUsdPerMillion: number;
}

export type PricingTable = Readonly<Record<string, ModelPrice>>;

/** Public list prices (USD per million tokens) of common models; users override or extend it in settings. */
export const defaultPricing: PricingTable = {
  'gpt-5': { inputUsdPerMillion: 1.25, outputUsdPerMillion: 10 },
  'gpt-5-mini': { inputUsdPerMillion: 0.25, outputUsdPerMillion: 2 },
  'gpt-5-nano': { inputUsdPerMillion: 0.05, outputUsdPerMillion: 0.4 },
  'gpt-4.1': { inputUsdPerMillion: 2, outputUsdPerMillion: 8 },
  'gpt-4.1-mini': { inputUsdPerMillion: 0.4, outputUsdPerMillion: 1.6 },
  'gpt-4.1-nano': { inputUsdPerMillion: 0.1, outputUsdPerMillion: 0.4 },
  'gpt-4o': { inputUsdPerMillion: 2.5, outputUsdPerMillion: 10 },
  'gpt-4o-mini': { inputUsdPerMillion: 0.15, outputUsdPerMillion: 0.6 },
  'o3': { inputUsdPerMillion: 2, outputUsdPerMillion: 8 },
  'o3-mini': { inputUsdPerMillion: 1.1, outputUsdPerMillion: 4.4 },
  'o4-mini': { inputUsdPerMillion: 1.1, outputUsdPerMillion: 4.4 },
};

/** Merges user prices over the defaults; a user entry replaces the default of the same model. */
export function mergePricing(overrides: PricingTable | undefined, base: PricingTable = defaultPricing): PricingTable {
  return { ...base, ...(overrides ?? {}) };
}

/**
 * Finds the price of a model: exact name, then without an OpenRouter-style `vendor/` prefix, then
 * without a dated snapshot suffix (`-2024-08-06`, `-0613`). Nothing looser, so variants are never mispriced.
 */
export function findPrice(model: string, table: PricingTable): ModelPrice | undefined {
  const candidates = [model, model.replace(/^[^/]+\//, '')];
  for (const name of candidates) {
    if (Object.hasOwn(table, name)) return table[name];
    const undated = name.replace(/-(\d{4}-\d{2}-\d{2}|\d{4})$/, '');
    if (undated !== name && Object.hasOwn(table, undated)) return table[undated];
  }
  return undefined;
}

/** USD for one call, or `undefined` when the model has no price. */
export function costOf(model: string, usage: TokenUsage, table: PricingTable): number | undefined {
  const price = findPrice(model, table);
  if (!price) return undefined;
  return (usage.inputTokens * price.inputUsdPerMillion + usage.outputTokens * price.outputUsdPerMillion) / 1_000_000;
}
