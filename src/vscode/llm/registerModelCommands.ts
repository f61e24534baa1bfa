import * as vscode from 'vscode';
import type { ExtensionServices } from '../extensionServices';
import { clearApiKeyCommand, setApiKeyCommand } from './apiKeyCommands';
import { ApiKeyStore } from './apiKeyStore';
import { configureModelCommand } from './configureModelCommand';
import type { ModelProvider } from './modelClients';
import { SettingsModelProvider } from './settingsModelProvider';

/**
 * Registers RLM: Configure Model / Set API Key / Clear API Key and returns the provider the chat and @rlm resolve
 * their clients from. A command called with an argument (tests, other extensions) throws its failure to the caller;
 * from the palette the failure becomes a message and a log line.
 */
export function registerModelCommands(services: ExtensionServices): ModelProvider {
  const { context, log } = services;
  const keys = new ApiKeyStore(context.secrets);
  const provider = new SettingsModelProvider(keys);
  const guarded =
    <T>(run: (arg?: unknown) => Promise<T>) =>
    async (arg?: unknown): Promise<T | undefined> => {
      try {
        return await run(arg);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log.error(message);
        if (arg !== undefined) throw error;
        void vscode.window.showErrorMessage(`RLM: ${message}`);
      }
    };
  context.subscriptions.push(
    provider,
    provider.onDidWarn((message) => {
      log.warn(message);
      void vscode.window.showWarningMessage(`RLM: ${message}`);
    }),
    vscode.commands.registerCommand(
      'rlm.configureModel',
      guarded((arg) => configureModelCommand(keys, log, arg)),
    ),
    vscode.commands.registerCommand(
      'rlm.setApiKey',
      guarded((arg) => setApiKeyCommand(keys, log, arg)),
    ),
    vscode.commands.registerCommand(
      'rlm.clearApiKey',
      guarded(() => clearApiKeyCommand(keys, log)),
    ),
  );
  return provider;
}
