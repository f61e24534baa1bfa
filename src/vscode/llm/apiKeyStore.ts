import type * as vscode from 'vscode';
import { apiKeySecretName, apiKeySecretPrefix } from './modelEndpoint';

/** API keys in VS Code's SecretStorage, one per endpoint origin; never in settings, never logged. */
export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(baseUrl: string): Promise<string | undefined> {
    const key = await this.secrets.get(apiKeySecretName(baseUrl));
    return key && key.trim() !== '' ? key : undefined;
  }

  async store(baseUrl: string, key: string): Promise<void> {
    await this.secrets.store(apiKeySecretName(baseUrl), key.trim());
  }

  async delete(baseUrl: string): Promise<void> {
    await this.secrets.delete(apiKeySecretName(baseUrl));
  }

  /** Fires with nothing secret: only that some endpoint's key changed. */
  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((event) => {
      if (event.key.startsWith(apiKeySecretPrefix)) listener();
    });
  }
}
