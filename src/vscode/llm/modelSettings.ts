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
  /** Settings a folder's .vscode/settings.json sets that were ignored because only the user may set them. */
  ignoredFolderSettings: string[];
}

/**
 * Where model traffic goes, what is sent with it and what it costs: only the user's own settings count, never a
 * folder's .vscode/settings.json, so a cloned repository cannot send its reader's code and key to its own server
 * or price a model at zero. The manifest declares them `application`-scoped as well.
 */
export const userOnlyModelSettings = ['provider', 'baseUrl', 'extraHeaders', 'pricing'] as const;
type UserOnlyKey = (typeof userOnlyModelSettings)[number];

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

function setInFolder(config: vscode.WorkspaceConfiguration, key: UserOnlyKey): boolean {
  const inspected = config.inspect<unknown>(key);
  return inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined;
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
    ignoredFolderSettings: userOnlyModelSettings.filter((key) => setInFolder(config, key)).map((key) => `rlm.model.${key}`),
  };
}
