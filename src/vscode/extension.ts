import * as vscode from 'vscode';
import type { Workspace } from '../core/workspace/workspace';
import { listFilesCommand } from './commands/listFilesCommand';
import { searchWorkspaceCommand } from './commands/searchWorkspaceCommand';
import { openWorkspaceLocation } from './openLocation';
import { SearchPanelHost, errorMessage } from './searchPanel/searchPanelHost';
import type { SearchPanelDependencies } from './searchPanel/searchPanelHost';
import { registerModelCommands } from './llm/registerModelCommands';
import { findSymbolCommand } from './symbols/findSymbolCommand';
import { symbolStorageDir } from './symbols/symbolStorageDir';
import { VscodeSymbolService } from './symbols/vscodeSymbolService';
import { registerChat } from './chat/registerChat';
import { registerAgentTools, ToolRunStops } from './agentTools/registerAgentTools';
import { registerMcpServer } from './agentTools/registerMcpServer';
import { readRunSettings } from './settings';
import { registerTraceViews } from './trace/registerTraceViews';
import { registerRunViews } from './runs/registerRunViews';
import { registerEvalCommand } from './eval/registerEvalCommand';
import { createVscodeWorkspace, workspaceRuleSettings } from './vscodeWorkspace';
import { ensureTrusted } from './workspaceTrust';
import type { ExtensionServices, RlmExplorerApi } from './extensionServices';

/** Composition root of the extension: builds the adapters once and registers every command and view. */
export function activate(context: vscode.ExtensionContext): RlmExplorerApi {
  const log = vscode.window.createOutputChannel('RLM Explorer', { log: true });
  context.subscriptions.push(log);

  // Rebuilt lazily when folders or settings change, so a command always sees the current workspace.
  let workspace: Workspace | undefined;
  const currentWorkspace = (): Workspace | undefined => (workspace ??= createVscodeWorkspace(log));
  context.subscriptions.push(
    vscode.workspace.onDidChangeWorkspaceFolders(() => (workspace = undefined)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (workspaceRuleSettings.some((s) => event.affectsConfiguration(s))) {
        workspace = undefined;
      }
    }),
  );

  const withWorkspace = (run: (workspace: Workspace) => Promise<void>) => async (): Promise<void> => {
    const current = currentWorkspace();
    if (!current) {
      void vscode.window.showWarningMessage('RLM: open a folder first; there is no workspace to explore.');
      return;
    }
    if (!ensureTrusted()) return;
    try {
      await run(current);
    } catch (error) {
      log.error(errorMessage(error));
      void vscode.window.showErrorMessage(`RLM: ${errorMessage(error)}`);
    }
  };

  const panelDeps: SearchPanelDependencies = {
    extensionUri: context.extensionUri,
    workspace: currentWorkspace,
    openLocation: async (file, line, column) => {
      const current = currentWorkspace();
      if (current) await openWorkspaceLocation(current, file, line, column);
    },
    log,
  };

  // Indexes nothing until the first symbol query, so activation stays cheap.
  const symbols = new VscodeSymbolService({ workspace: currentWorkspace, storageDir: symbolStorageDir(context), log });
  context.subscriptions.push(symbols);

  context.subscriptions.push(
    vscode.commands.registerCommand('rlm.searchWorkspace', withWorkspace(searchWorkspaceCommand)),
    vscode.commands.registerCommand('rlm.findSymbol', (query?: unknown) =>
      withWorkspace((current) => findSymbolCommand(symbols, current, query))(),
    ),
    vscode.commands.registerCommand('rlm.listFiles', withWorkspace(listFilesCommand)),
    vscode.commands.registerCommand('rlm.openSearchPanel', () => {
      const panel = vscode.window.createWebviewPanel('rlm.searchPanel', 'RLM Search', vscode.ViewColumn.Active, {
        retainContextWhenHidden: false,
      });
      panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'rlm.svg');
      const host = new SearchPanelHost(panel.webview, panelDeps);
      panel.onDidDispose(() => host.dispose());
    }),
    vscode.window.registerWebviewViewProvider('rlm.search', {
      resolveWebviewView: (view) => {
        const host = new SearchPanelHost(view.webview, panelDeps);
        view.onDidDispose(() => host.dispose());
      },
    }),
  );

  const services: ExtensionServices = {
    context,
    log,
    workspace: currentWorkspace,
    symbols,
    openLocation: async (file, line, column, endLine) => {
      const current = currentWorkspace();
      if (!current) throw new Error('Open a folder first: there is no workspace to open files from.');
      await openWorkspaceLocation(current, file, line, column, endLine);
    },
    withWorkspace,
  };
  const api: RlmExplorerApi = {};
  // Each feature registers its commands and views into context.subscriptions; the chat records its runs into the
  // run views and asks its models through the provider.
  api.models = registerModelCommands(services);
  api.runs = registerRunViews(services);
  // Runs that agents start through the language-model tools stop with the same Stop command as the chat's.
  const toolRuns = new ToolRunStops();
  api.chat = registerChat(services, { models: api.models, recorder: api.runs, onStop: () => toolRuns.stopAll() });
  registerAgentTools(services, {
    models: api.models,
    recorder: api.runs,
    runSettings: readRunSettings,
    stops: toolRuns,
  });
  registerMcpServer(services);
  api.trace = registerTraceViews(services);
  api.eval = registerEvalCommand(services, { models: api.models, recorder: api.runs });

  log.info(`activated in ${vscode.env.appName} ${vscode.version}`);
  return api;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
