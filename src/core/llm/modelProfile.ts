/**
 * How much a model can read and write in one call: its context window and output cap. From the user's setting,
 * else the endpoint's `/models` metadata, else a table of common families, else a conservative default.
 */

export interface ModelProfile {
  model: string;
  /** Input plus output tokens of one call. */
  contextWindow: number;
  /** The endpoint's cap on output tokens per call, when known. */
  maxOutputTokens?: number;
  /** Where `contextWindow` came from, for logs and the run tree. */
  source: 'setting' | 'endpoint' | 'table' | 'default' | 'learned';
}

/** What is known about a model's limits from one source; either field may be missing. */
export interface ModelLimits {
  contextWindow?: number;
  maxOutputTokens?: number;
}

/** When nothing is known: small enough for the local models people run on a laptop. */
export const defaultContextWindow = 8_192;

/**
 * Families by name, first match wins, so specific entries come before their prefixes. Matched against the name
 * lower-cased, without a `vendor/` prefix; an Ollama tag (`:7b`) and a dated suffix are ignored by the patterns.
 */
const knownFamilies: readonly { pattern: RegExp; limits: Required<ModelLimits> }[] = [
  { pattern: /^gpt-5/, limits: { contextWindow: 400_000, maxOutputTokens: 128_000 } },
  { pattern: /^gpt-4\.1/, limits: { contextWindow: 1_047_576, maxOutputTokens: 32_768 } },
  { pattern: /^(gpt-4o|chatgpt-4o)/, limits: { contextWindow: 128_000, maxOutputTokens: 16_384 } },
  { pattern: /^gpt-4-turbo/, limits: { contextWindow: 128_000, maxOutputTokens: 4_096 } },
  { pattern: /^gpt-4(-\d{4})?$/, limits: { contextWindow: 8_192, maxOutputTokens: 4_096 } },
  { pattern: /^gpt-3\.5-turbo/, limits: { contextWindow: 16_385, maxOutputTokens: 4_096 } },
  { pattern: /^(o1|o3|o4)(-|$)/, limits: { contextWindow: 200_000, maxOutputTokens: 100_000 } },
  { pattern: /^claude/, limits: { contextWindow: 200_000, maxOutputTokens: 8_192 } },
  { pattern: /^gemini-1\.5-pro/, limits: { contextWindow: 2_097_152, maxOutputTokens: 8_192 } },
  { pattern: /^gemini/, limits: { contextWindow: 1_048_576, maxOutputTokens: 8_192 } },
  { pattern: /^deepseek-coder-v2/, limits: { contextWindow: 131_072, maxOutputTokens: 8_192 } },
  { pattern: /^deepseek-coder/, limits: { contextWindow: 16_384, maxOutputTokens: 4_096 } },
  { pattern: /^deepseek/, limits: { contextWindow: 65_536, maxOutputTokens: 8_192 } },
  { pattern: /^qwen3-coder/, limits: { contextWindow: 262_144, maxOutputTokens: 65_536 } },
  { pattern: /^qwen/, limits: { contextWindow: 32_768, maxOutputTokens: 8_192 } },
  { pattern: /^(meta-)?llama-?3\.[123]/, limits: { contextWindow: 131_072, maxOutputTokens: 8_192 } },
  { pattern: /^(meta-)?llama-?3/, limits: { contextWindow: 8_192, maxOutputTokens: 4_096 } },
  { pattern: /^codestral/, limits: { contextWindow: 262_144, maxOutputTokens: 8_192 } },
  {
    pattern: /^(mistral-large|mistral-nemo|mistral-medium)/,
    limits: { contextWindow: 131_072, maxOutputTokens: 8_192 },
  },
  { pattern: /^(mistral|mixtral)/, limits: { contextWindow: 32_768, maxOutputTokens: 8_192 } },
];

/** The table's entry for a model name, or undefined when no family matches. */
export function knownModelLimits(model: string): ModelLimits | undefined {
  const name = model.slice(0, 200).toLowerCase().replace(/^.*\//, '');
  return knownFamilies.find((family) => family.pattern.test(name))?.limits;
}

/**
 * Reads the limits out of one `/models` entry, tolerating each server's own fields: OpenRouter `context_length`
 * and `top_provider`, vLLM `max_model_len`, llama.cpp `meta.n_ctx` / `meta.n_ctx_train`, LM Studio
 * `loaded_context_length` / `max_context_length`, and the generic `context_window` / `max_input_tokens`.
 */
export function limitsFromModelEntry(entry: unknown): ModelLimits {
  if (typeof entry !== 'object' || entry === null) return {};
  const e = entry as Record<string, unknown>;
  const top = objectField(e, 'top_provider');
  const meta = objectField(e, 'meta');
  const contextWindow = firstCount(
    e.loaded_context_length,
    e.max_model_len,
    e.context_length,
    top.context_length,
    e.context_window,
    meta.n_ctx,
    meta.n_ctx_train,
    e.max_context_length,
    e.max_input_tokens,
  );
  const maxOutputTokens = firstCount(top.max_completion_tokens, e.max_completion_tokens, e.max_output_tokens);
  return { ...(contextWindow ? { contextWindow } : {}), ...(maxOutputTokens ? { maxOutputTokens } : {}) };
}

/** The entry of `model` in a `/models` list; a server that lists exactly one model (llama.cpp) serves it whatever its name. */
export function findModelEntry(entries: readonly unknown[], model: string): unknown {
  const byId = entries.find((e) => typeof e === 'object' && e !== null && (e as { id?: unknown }).id === model);
  if (byId) return byId;
  const bare = model.replace(/^[^/]+\//, '');
  const byBareId = entries.find((e) => typeof e === 'object' && e !== null && (e as { id?: unknown }).id === bare);
  return byBareId ?? (entries.length === 1 ? entries[0] : undefined);
}

/** The setting overrides the endpoint, which overrides the table; the default only fills what nobody knows. */
export function resolveModelProfile(
  model: string,
  sources: { setting?: ModelLimits; endpoint?: ModelLimits } = {},
): ModelProfile {
  const table = knownModelLimits(model);
  const ordered: [ModelProfile['source'], ModelLimits | undefined][] = [
    ['setting', sources.setting],
    ['endpoint', sources.endpoint],
    ['table', table],
  ];
  const windowSource = ordered.find(([, limits]) => limits?.contextWindow);
  const maxOutputTokens = ordered.map(([, limits]) => limits?.maxOutputTokens).find((n) => n !== undefined);
  return {
    model,
    contextWindow: windowSource?.[1]?.contextWindow ?? defaultContextWindow,
    ...(maxOutputTokens ? { maxOutputTokens } : {}),
    source: windowSource?.[0] ?? 'default',
  };
}

function objectField(record: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = record[key];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** The first value that is a positive whole number of tokens (numbers or numeric strings; absurd sizes ignored). */
function firstCount(...values: unknown[]): number | undefined {
  for (const value of values) {
    const n = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 256 && n <= 100_000_000) return n;
  }
  return undefined;
}
