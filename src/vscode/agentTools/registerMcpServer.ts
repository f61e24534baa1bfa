/**
 * `rlm mcp` for MCP clients: in VS Code 1.101 and later the extension offers it to agent mode itself (a server
 * definition provider, feature-detected so the 1.95 floor holds), and "RLM: Copy MCP Server Configuration" puts the
 * JSON for Claude Code, Cursor, Cline and VS Code's mcp.json on the clipboard.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { mcpClientConfigs, rlmMcpLaunch } from '../../core/agentTools/mcpClientConfig';
import type { ExtensionServices } from '../extensionServices';

/** The part of the 1.101 API used here; absent from the 1.95 typings the extension builds against. */
interface McpApi {
  registerMcpServerDefinitionProvider(
    id: string,
    provider: { provideMcpServerDefinitions(): unknown[] },
  ): vscode.Disposable;
}
type StdioDefinition = new (
  label: string,
  command: string,
  args: string[],
  env?: Record<string, string>,
  version?: string,
) => unknown;

const mcpProviderId = 'rlm.mcpServer';

export function registerMcpServer(services: ExtensionServices): void {
  const bundledCli = path.join(services.context.extensionPath, 'dist', 'cli.js');
  const folder = (): string | undefined => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  services.context.subscriptions.push(
    vscode.commands.registerCommand('rlm.copyMcpConfig', async () => {
      const repo = folder();
      if (!repo) {
        void vscode.window.showWarningMessage('RLM: open the folder to explore first; the configuration names it.');
        return undefined;
      }
      const text = mcpClientConfigs(rlmMcpLaunch(bundledCli), repo);
      await vscode.env.clipboard.writeText(text);
      void vscode.window.showInformationMessage(
        'RLM: the MCP server configuration for Claude Code, Cursor, Cline and VS Code is on the clipboard.',
      );
      return text;
    }),
  );
  const lm = vscode.lm as unknown as Partial<McpApi>;
  const Definition = (vscode as unknown as { McpStdioServerDefinition?: StdioDefinition }).McpStdioServerDefinition;
  if (typeof lm.registerMcpServerDefinitionProvider !== 'function' || !Definition) return;
  const version = (services.context.extension.packageJSON as { version?: string }).version;
  const provider = {
    provideMcpServerDefinitions: (): unknown[] => {
      const repo = folder();
      // Restricted Mode or no folder: nothing to offer.
      if (!repo || !vscode.workspace.isTrusted) return [];
      // The extension host's own runtime runs the bundled CLI, so no Node.js install is needed.
      const env = { ELECTRON_RUN_AS_NODE: '1' };
      return [new Definition('RLM Explorer', process.execPath, [bundledCli, 'mcp', '--repo', repo], env, version)];
    },
  };
  try {
    services.context.subscriptions.push(lm.registerMcpServerDefinitionProvider(mcpProviderId, provider));
  } catch (error) {
    // The API changed shape across versions (1.100 named the contribution modelContextServerCollections, declared
    // too): a host that still refuses leaves the MCP server to the copied configuration, never breaks activation.
    services.log.warn(
      `MCP server definition provider not registered: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
