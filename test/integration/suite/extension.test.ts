// The extension as VS Code sees it: it activates, contributes its commands and settings, and opens its panel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readWorkspaceSettings } from '../../../src/vscode/settings';
import { waitFor } from '../helpers/waitFor';

const extensionId = 'rlm-explorer.rlm-explorer';

interface ManifestSetting {
  default: unknown;
}
interface Manifest {
  contributes: {
    commands: { command: string; title: string; category: string }[];
    configuration: { properties: Record<string, ManifestSetting> };
  };
}

function rlmExtension(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `${extensionId} is not loaded in this VS Code`);
  return extension;
}

describe('RLM Explorer extension', () => {
  before(async () => {
    await rlmExtension().activate();
  });

  it('runs in VS Code 1.100', () => {
    assert.match(vscode.version, /^1\.100\./);
  });

  it('activates', () => {
    assert.equal(rlmExtension().isActive, true);
  });

  it('registers every command it contributes, under the RLM category', async () => {
    const manifest = rlmExtension().packageJSON as Manifest;
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, [
      'rlm.askInChat',
      'rlm.clearApiKey',
      'rlm.configureModel',
      'rlm.copyMcpConfig',
      'rlm.deleteRun',
      'rlm.evaluateWorkspace',
      'rlm.explainTrace',
      'rlm.exportRun',
      'rlm.findSymbol',
      'rlm.listFiles',
      'rlm.newConversation',
      'rlm.openChat',
      'rlm.openRunNode',
      'rlm.openRunTimeline',
      'rlm.openSearchPanel',
      'rlm.revealRunningStep',
      'rlm.searchWorkspace',
      'rlm.setApiKey',
      'rlm.showRecursionTree',
      'rlm.showTraceGraph',
      'rlm.stopRun',
      'rlm.traceDependencies',
    ]);
    assert.ok(manifest.contributes.commands.every((c) => c.category === 'RLM'));
    const registered = await vscode.commands.getCommands(true);
    for (const command of contributed) assert.ok(registered.includes(command), `${command} is not registered`);
  });

  it('reads rlm.workspace.* settings with their declared defaults', () => {
    const declared = (rlmExtension().packageJSON as Manifest).contributes.configuration.properties;
    const config = vscode.workspace.getConfiguration('rlm.workspace');
    for (const [key, setting] of Object.entries(declared).filter(([name]) => name.startsWith('rlm.workspace.'))) {
      const name = key.replace(/^rlm\.workspace\./, '');
      assert.deepEqual(config.inspect(name)?.defaultValue, setting.default, `default of ${key}`);
    }
    const settings = readWorkspaceSettings();
    assert.equal(settings.maxReadLines, 400);
    assert.equal(settings.maxListedFiles, 2000);
    assert.equal(settings.maxFileBytes, 1_048_576);
    assert.deepEqual(settings.excludeGlobs, []);
    assert.deepEqual(settings.secretFileGlobs, declared['rlm.workspace.secretFileGlobs']?.default);
    assert.ok(
      settings.secretFileGlobs?.some((glob) => glob.startsWith('.env')),
      'secret globs cover .env files',
    );
    assert.ok(settings.secretFileGlobs?.includes('*.pem'), 'secret globs include *.pem');
  });

  it('picks up a changed setting', async () => {
    const config = vscode.workspace.getConfiguration('rlm.workspace');
    await config.update('maxReadLines', 123, vscode.ConfigurationTarget.Global);
    try {
      assert.equal(readWorkspaceSettings().maxReadLines, 123);
    } finally {
      await config.update('maxReadLines', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.equal(readWorkspaceSettings().maxReadLines, 400);
  });

  it('opens the search panel as a webview tab', async () => {
    const isSearchPanel = (tab: vscode.Tab): boolean =>
      tab.input instanceof vscode.TabInputWebview && tab.label === 'RLM Search';
    const openTabs = (): vscode.Tab[] =>
      vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter(isSearchPanel);
    assert.equal(openTabs().length, 0, 'no search panel before the command');
    await vscode.commands.executeCommand('rlm.openSearchPanel');
    const tabs = await waitFor('the RLM Search tab', () => openTabs().length > 0 && openTabs());
    assert.equal(tabs.length, 1);
    await vscode.window.tabGroups.close(tabs);
    await waitFor('the RLM Search tab to close', () => openTabs().length === 0);
  });
});
