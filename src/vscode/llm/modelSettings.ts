import * as vscode from 'vscode';
import { mergePricing, parsePricing, type PricingTable } from '../../core/llm/pricing';
import { stringHeaders } from './modelEndpoint';
import { userValue } from '../settingLevels';

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
 * Where model traffic goes, which model receives it, what is sent with it and what it costs: only the user's own
 * settings count, never a folder's .vscode/settings.json, so a cloned repository cannot send its reader's code and
 * key to its own server, pick the provider a router (OpenRouter) forwards the code to by naming a model, or price a
 * model at zero. The manifest declares them `application`-scoped as well (VS Code then drops folder values itself
 * and marks them in the folder's settings.json); reading `globalValue` holds even where it does not.
 */
type UserOnlyKey = 'provider' | 'baseUrl' | 'name' | 'subModel' | 'extraHeaders' | 'pricing';

const providers: readonly ModelProviderSetting[] = ['auto', 'openai-compatible', 'vscode-lm'];

export function isModelProviderSetting(value: unknown): value is ModelProviderSetting {
  return typeof value === 'string' && (providers as readonly string[]).includes(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** The user (global) value, else the default: workspace and folder values are not read. */
function userSetting(config: vscode.WorkspaceConfiguration, key: UserOnlyKey): unknown {
  return userValue(config.inspect<unknown>(key));
}

export function readModelSettings(): ModelSettings {
  const config = vscode.workspace.getConfiguration('rlm.model');
  const provider = userSetting(config, 'provider');
  let pricing = mergePricing(undefined);
  let pricingProblem: string | undefined;
  try {
    pricing = mergePricing(parsePricing(userSetting(config, 'pricing') ?? {}, 'rlm.model.pricing'));
  } catch (error) {
    pricingProblem = error instanceof Error ? error.message : String(error);
  }
  return {
    provider: isModelProviderSetting(provider) ? provider : 'auto',
    baseUrl: text(userSetting(config, 'baseUrl')),
    name: text(userSetting(config, 'name')),
    subModel: text(userSetting(config, 'subModel')),
    extraHeaders: stringHeaders(userSetting(config, 'extraHeaders')),
    pricing,
    pricingProblem,
  };
}
