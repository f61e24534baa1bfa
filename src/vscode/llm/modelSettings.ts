import * as vscode from 'vscode';
import { mergePricing, parsePricing, type PricingTable } from '../../core/llm/pricing';
import { stringHeaders } from './modelEndpoint';

export type ModelProviderSetting = 'auto' | 'openai-compatible' | 'vscode-lm';

/** The `rlm.model.*` settings, trimmed; empty strings mean "not set". */
export interface ModelSettings {
  provider: ModelProviderSetting;
  baseUrl: string;
  name: string;
  subModel: string;
  extraHeaders: Record<string, string>;
  /** User prices over the built-in list; `pricingProblem` says why the user's were not usable. */
  pricing: PricingTable;
  pricingProblem: string | undefined;
}

/**
 * Where model traffic goes, what is sent with it and what it costs: only the user's own settings count, never a
 * folder's .vscode/settings.json, so a cloned repository cannot send its reader's code and key to its own server
 * or price a model at zero. The manifest declares them `application`-scoped as well (VS Code then drops folder
 * values itself and marks them in the folder's settings.json); reading `globalValue` holds even where it does not.
 */
type UserOnlyKey = 'provider' | 'baseUrl' | 'extraHeaders' | 'pricing';

const providers: readonly ModelProviderSetting[] = ['auto', 'openai-compatible', 'vscode-lm'];

export function isModelProviderSetting(value: unknown): value is ModelProviderSetting {
  return typeof value === 'string' && (providers as readonly string[]).includes(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** The user (global) value, else the default: workspace and folder values are not read. */
function userValue(config: vscode.WorkspaceConfiguration, key: UserOnlyKey): unknown {
  const inspected = config.inspect<unknown>(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}

export function readModelSettings(): ModelSettings {
  const config = vscode.workspace.getConfiguration('rlm.model');
  const provider = userValue(config, 'provider');
  let pricing = mergePricing(undefined);
  let pricingProblem: string | undefined;
  try {
    pricing = mergePricing(parsePricing(userValue(config, 'pricing') ?? {}, 'rlm.model.pricing'));
  } catch (error) {
    pricingProblem = error instanceof Error ? error.message : String(error);
  }
  return {
    provider: isModelProviderSetting(provider) ? provider : 'auto',
    baseUrl: text(userValue(config, 'baseUrl')),
    name: text(config.get<unknown>('name')),
    subModel: text(config.get<unknown>('subModel')),
    extraHeaders: stringHeaders(userValue(config, 'extraHeaders')),
    pricing,
    pricingProblem,
  };
}
