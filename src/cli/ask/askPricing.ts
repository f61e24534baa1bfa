/**
 * Prices for `rlm ask`: the built-in list, overridden by `--pricing FILE`, and the line that says when the cost
 * limit cannot apply because a model has no price.
 */
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { findPrice, InvalidPricingError, mergePricing, parsePricing, type PricingTable } from '../../core/llm/pricing';
import { UsageError } from '../usageError';

/** A price list is a few kilobytes; a larger file is not one. */
const maxPricingFileBytes = 1_000_000;

/** The built-in prices with the file's over them; a missing, unreadable or malformed file is a UsageError naming it. */
export function loadAskPricing(file: string | undefined, cwd: string): PricingTable {
  if (file === undefined) return mergePricing(undefined);
  const fullPath = path.resolve(cwd, file);
  let text: string;
  try {
    const size = statSync(fullPath).size;
    if (size > maxPricingFileBytes)
      throw new UsageError(
        `--pricing ${file}: the file has ${size} bytes; a price list is far smaller (at most ${maxPricingFileBytes}).`,
      );
    text = readFileSync(fullPath, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `--pricing ${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)}). Give the path of a JSON price list.`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `--pricing ${file}: not valid JSON (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  try {
    return mergePricing(parsePricing(value, `--pricing ${file}`));
  } catch (error) {
    if (error instanceof InvalidPricingError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * One line for stderr when the root or sub model has no price: the cost limit cannot stop such a run, the token
 * limit does. Undefined when every model is priced.
 */
export function unpricedModelsNotice(
  models: readonly string[],
  pricing: PricingTable,
  maxTokens: number,
): string | undefined {
  const unpriced = [...new Set(models)].filter((model) => findPrice(model, pricing) === undefined);
  if (unpriced.length === 0) return undefined;
  const names = unpriced.map((model) => `"${model}"`).join(' and ');
  return (
    `cost limit cannot apply: no price for model ${names}; set --pricing FILE ` +
    `(JSON: {"${unpriced[0]}": {"input": USD per million tokens, "output": USD per million tokens}}) to count cost; ` +
    `the run is bounded by --max-tokens ${maxTokens}.`
  );
}
