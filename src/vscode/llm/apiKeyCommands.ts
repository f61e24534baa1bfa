import * as vscode from 'vscode';
import type { ApiKeyStore } from './apiKeyStore';
import { endpointOrigin } from './modelEndpoint';
import { readModelSettings } from './modelSettings';

/** No base URL is set, so there is no endpoint a key could belong to. */
class NoEndpointForKeyError extends Error {
  constructor() {
    super(
      'No endpoint is set (rlm.model.baseUrl is empty), so there is nothing to store a key for. Run RLM: Configure Model first.',
    );
    this.name = 'NoEndpointForKeyError';
  }
}

/** The configured base URL, or a prompt to configure one first (interactive) / NoEndpointForKeyError (programmatic). */
async function currentBaseUrl(interactive: boolean): Promise<string | undefined> {
  const { baseUrl } = readModelSettings();
  if (baseUrl) return baseUrl;
  if (!interactive) throw new NoEndpointForKeyError();
  const choice = await vscode.window.showWarningMessage(
    'RLM: choose an endpoint first; an API key belongs to one endpoint.',
    'Configure Model',
  );
  if (choice) await vscode.commands.executeCommand('rlm.configureModel');
  return undefined;
}

/**
 * `rlm.setApiKey`: a password box (or the key as the argument, for tests and other extensions) into SecretStorage,
 * under the origin of the current base URL only.
 */
export async function setApiKeyCommand(keys: ApiKeyStore, log: vscode.LogOutputChannel, key?: unknown): Promise<void> {
  const programmatic = key !== undefined;
  if (programmatic && (typeof key !== 'string' || key.trim() === ''))
    throw new TypeError('rlm.setApiKey takes the key as a non-empty string.');
  const baseUrl = await currentBaseUrl(!programmatic);
  if (!baseUrl) return;
  const origin = endpointOrigin(baseUrl);
  const entered = programmatic
    ? key
    : await vscode.window.showInputBox({
        title: 'RLM: Set API Key',
        prompt: `API key for ${origin}. It is kept in VS Code's secret storage and sent only to this host.`,
        password: true,
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() === '' ? 'Enter the key, or press Escape to cancel.' : undefined),
      });
  if (entered === undefined) return;
  await keys.store(baseUrl, entered);
  log.info(`API key stored for ${origin}`);
  if (!programmatic) void vscode.window.showInformationMessage(`RLM: API key stored for ${origin}.`);
}

/** `rlm.clearApiKey`: forgets the key of the current base URL's origin. */
export async function clearApiKeyCommand(keys: ApiKeyStore, log: vscode.LogOutputChannel): Promise<void> {
  const baseUrl = await currentBaseUrl(false).catch(() => undefined);
  if (!baseUrl) {
    void vscode.window.showInformationMessage('RLM: no endpoint is set, so there is no API key to clear.');
    return;
  }
  const origin = endpointOrigin(baseUrl);
  await keys.delete(baseUrl);
  log.info(`API key removed for ${origin}`);
  void vscode.window.showInformationMessage(`RLM: API key removed for ${origin}.`);
}
