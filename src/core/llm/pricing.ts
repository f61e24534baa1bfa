/**
 * What a call costs, from a per-model price table. A model with no entry has an unknown cost, never a guessed one.
 */
import type { TokenUsage } from './llmClient';

export interface ModelPrice {
  inputUsdPerMillion: number;
  outputUsdPerMillion: number;
}

export type PricingTable = Readonly<Record<string, ModelPrice>>;

const price = (inputUsdPerMillion: number, outputUsdPerMillion: number): ModelPrice => ({
  inputUsdPerMillion,
  outputUsdPerMillion,
});

/**
 * Public list prices in USD per million tokens (standard tier, uncached input, shortest-context rate), as the vendors
 * published them in late 2025. Model ids are spelled as each vendor's own API names them; OpenRouter ids
 * (`anthropic/claude-sonnet-4.5`, `google/gemini-2.5-pro`) reach them through `findPrice`'s prefix and dot rules.
 * Prices change: users override or extend this table with `rlm.model.pricing` or `rlm ask --pricing FILE`.
 */
export const defaultPricing: PricingTable = {
  // OpenAI (openai.com/api/pricing)
  'gpt-5': price(1.25, 10),
  'gpt-5-mini': price(0.25, 2),
  'gpt-5-nano': price(0.05, 0.4),
  'gpt-5-codex': price(1.25, 10),
  'gpt-4.1': price(2, 8),
  'gpt-4.1-mini': price(0.4, 1.6),
  'gpt-4.1-nano': price(0.1, 0.4),
  'gpt-4o': price(2.5, 10),
  'gpt-4o-mini': price(0.15, 0.6),
  'gpt-4-turbo': price(10, 30),
  'gpt-3.5-turbo': price(0.5, 1.5),
  o1: price(15, 60),
  'o1-mini': price(1.1, 4.4),
  o3: price(2, 8),
  'o3-pro': price(20, 80),
  'o3-mini': price(1.1, 4.4),
  'o4-mini': price(1.1, 4.4),
  // Anthropic (anthropic.com/pricing); dated ids like claude-sonnet-4-20250514 lose their date in findPrice
  'claude-opus-4-5': price(5, 25),
  'claude-opus-4-1': price(15, 75),
  'claude-opus-4': price(15, 75),
  'claude-sonnet-4-5': price(3, 15),
  'claude-sonnet-4': price(3, 15),
  'claude-haiku-4-5': price(1, 5),
  'claude-3-7-sonnet': price(3, 15),
  'claude-3-5-sonnet': price(3, 15),
  'claude-3-5-haiku': price(0.8, 4),
  'claude-3-opus': price(15, 75),
  'claude-3-haiku': price(0.25, 1.25),
  // Google Gemini API (ai.google.dev/pricing), prompts up to 200k tokens
  'gemini-3-pro-preview': price(2, 12),
  'gemini-2.5-pro': price(1.25, 10),
  'gemini-2.5-flash': price(0.3, 2.5),
  'gemini-2.5-flash-lite': price(0.1, 0.4),
  'gemini-2.0-flash': price(0.1, 0.4),
  'gemini-2.0-flash-lite': price(0.075, 0.3),
  'gemini-1.5-pro': price(1.25, 5),
  'gemini-1.5-flash': price(0.075, 0.3),
  // DeepSeek (api-docs.deepseek.com/quick_start/pricing), V3.2 prices from September 2025, cache-miss input
  'deepseek-chat': price(0.28, 0.42),
  'deepseek-reasoner': price(0.28, 0.42),
  // Mistral (mistral.ai/pricing); `-latest` and dated (`-2411`) ids reach these
  'mistral-large': price(2, 6),
  'mistral-medium': price(0.4, 2),
  'mistral-small': price(0.1, 0.3),
  codestral: price(0.3, 0.9),
  'devstral-medium': price(0.4, 2),
  'devstral-small': price(0.1, 0.3),
  'magistral-medium': price(2, 5),
  'magistral-small': price(0.5, 1.5),
  'ministral-8b': price(0.1, 0.1),
  'ministral-3b': price(0.04, 0.04),
  'open-mistral-nemo': price(0.15, 0.15),
  // Qwen: Alibaba Cloud Model Studio (international), and OpenRouter's qwen/ ids
  'qwen-max': price(1.6, 6.4),
  'qwen-plus': price(0.4, 1.2),
  'qwen-turbo': price(0.05, 0.2),
  'qwen3-coder-plus': price(1, 5),
  'qwen3-coder': price(0.22, 0.95),
  'qwen3-235b-a22b': price(0.13, 0.6),
  'qwen-2.5-coder-32b-instruct': price(0.06, 0.15),
  'qwen-2.5-72b-instruct': price(0.12, 0.39),
};

/** Merges user prices over the defaults; a user entry replaces the default of the same model. */
export function mergePricing(overrides: PricingTable | undefined, base: PricingTable = defaultPricing): PricingTable {
  return { ...base, ...(overrides ?? {}) };
}

/** Forms of one model id to look up, most exact first. */
function nameCandidates(model: string): string[] {
  const unprefixed = model.replace(/^[^/]+\//, '');
  const names = [model, unprefixed];
  // OpenRouter writes versions with dots where the vendor's API uses dashes (claude-sonnet-4.5 vs claude-sonnet-4-5).
  const dashed = unprefixed.replace(/(\d)\.(\d)/g, '$1-$2');
  if (dashed !== unprefixed) names.push(dashed);
  const undated = names
    .map((name) => name.replace(/-(latest|\d{4}-\d{2}-\d{2}|\d{8}|\d{4})$/, ''))
    .filter((name) => !names.includes(name));
  return [...names, ...undated];
}

/**
 * Finds the price of a model: exact name, then without an OpenRouter-style `vendor/` prefix (and with its dotted
 * versions dashed), then without a dated snapshot or `-latest` suffix (`-2024-08-06`, `-20250514`, `-0613`, `-2411`).
 * Nothing looser, so variants are never mispriced.
 */
export function findPrice(model: string, table: PricingTable): ModelPrice | undefined {
  for (const name of nameCandidates(model)) if (Object.hasOwn(table, name)) return table[name];
  return undefined;
}

/** USD for one call, or `undefined` when the model has no price. */
export function costOf(model: string, usage: TokenUsage, table: PricingTable): number | undefined {
  const found = findPrice(model, table);
  if (!found) return undefined;
  return (usage.inputTokens * found.inputUsdPerMillion + usage.outputTokens * found.outputUsdPerMillion) / 1_000_000;
}

/** User prices that are not `{ "model": { "input": USD, "output": USD } }`; the message names the bad entry. */
export class InvalidPricingError extends Error {
  constructor(
    readonly source: string,
    readonly entry: string | undefined,
    problem: string,
  ) {
    super(
      `${source}: ${entry === undefined ? '' : `entry "${entry}" `}${problem}. Write prices as ` +
        '{ "model-id": { "input": USD per million input tokens, "output": USD per million output tokens } }, ' +
        'e.g. { "my-model": { "input": 0.5, "output": 1.5 } }.',
    );
    this.name = 'InvalidPricingError';
  }
}

/** More entries than any real price list; bounds what a hostile or broken file costs to check. */
const maxPricingEntries = 10_000;

/**
 * Checks user prices (a setting or a JSON file) and turns them into a table: every entry needs `input` and `output`,
 * non-negative finite numbers of USD per million tokens. `source` names where they came from, for the message.
 */
export function parsePricing(value: unknown, source: string): PricingTable {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidPricingError(source, undefined, 'is not an object of model prices');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > maxPricingEntries)
    throw new InvalidPricingError(source, undefined, `has ${entries.length} entries, more than ${maxPricingEntries}`);
  const table: Record<string, ModelPrice> = {};
  for (const [model, entry] of entries) {
    const name = model.trim();
    if (name === '') throw new InvalidPricingError(source, model, 'has an empty model id');
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new InvalidPricingError(source, name, 'is not an object with "input" and "output"');
    const fields = entry as Record<string, unknown>;
    const unknownKeys = Object.keys(fields).filter((key) => key !== 'input' && key !== 'output');
    if (unknownKeys.length > 0)
      throw new InvalidPricingError(
        source,
        name,
        `has unknown field(s) ${unknownKeys
          .slice(0, 5)
          .map((k) => `"${k}"`)
          .join(', ')}`,
      );
    for (const key of ['input', 'output'] as const) {
      const amount = fields[key];
      if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
        throw new InvalidPricingError(
          source,
          name,
          `has "${key}": ${describeValue(amount)}, which is not a non-negative number`,
        );
      }
    }
    table[name] = price(fields.input as number, fields.output as number);
  }
  return table;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
