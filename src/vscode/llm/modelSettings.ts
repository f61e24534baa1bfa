import * as vscode from 'vscode';
import { stringHeaders } from './modelEndpoint';

export type ModelProviderSetting = 'auto' | 'openai-compatible' | 'vscode-lm';

/** The `rlm.model.*` settings, trimmed; empty strings mean "not set". */
export interface ModelSettings {
  provider: ModelProviderSetting;
  baseUrl: string;
  name: string;
  subModel: string;
  extraHeaders: Record<string, string>;
}

const providers: readonly ModelProviderSetting[] = ['auto', 'openai-compatible', 'vscode-lm'];

export function isModelProviderSetting(value: unknown): value is ModelProviderSetting {
  return typeof value === 'string' && (providers as readonly string[]).includes(value);
}

function text(config: vscode.WorkspaceConfiguration, key: string): string {
  const value = config.get<unknown>(key);
  return typeof value === 'string' ? value.trim() : '';
}

export function readModelSettings(): ModelSettings {
  const config = vscode.workspace.getConfiguration('rlm.model');
  const provider = config.get<unknown>('provider');
  return {
    provider: isModelProviderSetting(provider) ? provider : 'auto',
    baseUrl: text(config, 'baseUrl'),
    name: text(config, 'name'),
    subModel: text(config, 'subModel'),
    extraHeaders: stringHeaders(config.get<unknown>('extraHeaders')),
  };
}
