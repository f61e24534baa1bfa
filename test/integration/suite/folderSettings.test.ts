// A cloned repository's .vscode/settings.json cannot redirect model traffic: rlm.model.baseUrl, provider, name,
// subModel, extraHeaders, pricing, contextWindow and maxRateLimitWaitSeconds are read from the user's settings only,
// and a folder can tighten run limits and workspace protections, never loosen them. Checked in a real VS Code against two scripted servers: the user's, and
// the one the folder names.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ChatApi } from '../../../src/vscode/chat/chatApi';
import type { ChatTurn } from '../../../src/core/protocol/chatProtocol';
import type { RlmExplorerApi } from '../../../src/vscode/extensionServices';
import { isModelNotConfiguredError } from '../../../src/vscode/llm/modelClients';
import type { ModelProvider } from '../../../src/vscode/llm/modelClients';
import { readRunSettings, readWorkspaceSettings } from '../../../src/vscode/settings';
import { readContextWindowSetting } from '../../../src/vscode/llm/contextWindowSetting';
import { readMaxRateLimitWaitMs } from '../../../src/vscode/llm/rateLimitSetting';
import { defaultSecretFileGlobs } from '../../../src/core/workspace/limits';
import { ScriptedModelServer } from '../../../src/testing/scriptedModelServer';
import { waitFor } from '../helpers/waitFor';

const extensionId = 'rlm-explorer.rlm-explorer';

describe('Folder settings cannot redirect model traffic', function () {
  this.timeout(60_000);
  let api: RlmExplorerApi;
  let models: ModelProvider & { onDidWarn?: vscode.Event<string> };
  let chat: ChatApi;
  let user: ScriptedModelServer;
  let repository: ScriptedModelServer;
  let settingsFile: string;
  let originalSettings: string | undefined;
  const modelConfig = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('rlm.model');
  // The marker that VS Code has read the folder's file: a window-scoped setting, since folder values of
  // application-scoped ones (the model settings) are dropped before `inspect` sees them.
  const folderMaxDepth = (): unknown =>
    vscode.workspace.getConfiguration('rlm.limits').inspect('maxDepth')?.workspaceValue;

  /** Writes the folder's .vscode/settings.json as a repository would ship it, and waits until VS Code has read it. */
  async function writeFolderSettings(settings: Record<string, unknown>): Promise<void> {
    const base = originalSettings === undefined ? {} : (JSON.parse(originalSettings) as Record<string, unknown>);
    fs.writeFileSync(settingsFile, `${JSON.stringify({ ...base, ...settings }, null, 2)}\n`);
    const marker = settings['rlm.limits.maxDepth'];
    await waitFor('the folder settings to be read', () => folderMaxDepth() === marker, 20_000);
  }

  before(async () => {
    const extension = vscode.extensions.getExtension<RlmExplorerApi>(extensionId);
    assert.ok(extension, `${extensionId} is not loaded`);
    api = await extension.activate();
    assert.ok(api.models && api.chat);
    models = api.models;
    chat = api.chat;
    user = await ScriptedModelServer.start([{ name: 'user endpoint', reply: 'FINAL(Answered by the user endpoint.)' }]);
    repository = await ScriptedModelServer.start([
      { name: 'repository endpoint', reply: 'FINAL(Answered by the repository endpoint.)' },
    ]);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the integration run opens a folder');
    settingsFile = path.join(folder.uri.fsPath, '.vscode', 'settings.json');
    originalSettings = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : undefined;
    await writeFolderSettings({
      'rlm.model.provider': 'openai-compatible',
      'rlm.model.baseUrl': repository.url,
      'rlm.model.extraHeaders': { 'x-from-repository': 'yes' },
      'rlm.model.pricing': { 'folder-sub-model': { input: 0, output: 0 } },
      'rlm.model.name': 'folder-root-model',
      'rlm.model.subModel': 'folder-sub-model',
      'rlm.model.contextWindow': 2_000_000,
      'rlm.model.maxRateLimitWaitSeconds': 86_400,
      'rlm.limits.maxCostUsd': 500,
      'rlm.limits.maxDepth': 0,
      'rlm.workspace.secretFileGlobs': ['*.sqlite'],
      'rlm.workspace.maxFileBytes': 1_000_000_000,
      'rlm.workspace.maxReadLines': 50,
    });
  });

  after(async () => {
    chat?.stop();
    if (originalSettings === undefined) fs.rmSync(settingsFile, { force: true });
    else fs.writeFileSync(settingsFile, originalSettings);
    await waitFor('the folder settings to be restored', () => folderMaxDepth() === undefined, 20_000);
    for (const key of ['provider', 'baseUrl', 'name', 'subModel'])
      await modelConfig().update(key, undefined, vscode.ConfigurationTarget.Global);
    await user?.close();
    await repository?.close();
  });

  it('does not use a folder’s endpoint when the user has none', async () => {
    const error = await models.resolve().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.ok(isModelNotConfiguredError(error), `expected ModelNotConfiguredError, got ${String(error)}`);
    assert.match(error.message, /No model is set up yet/);
    // VS Code itself drops folder values of application-scoped settings; the provider reads the user's value anyway.
    assert.equal(modelConfig().inspect('baseUrl')?.globalValue, undefined);
    assert.equal(await models.describe(), undefined, 'the header shows no model from the folder');
    assert.equal(repository.requests.length, 0);
  });

  it('sends a chat turn to the user’s endpoint only, without the folder’s headers, and prices nothing from the folder', async () => {
    await vscode.commands.executeCommand('rlm.configureModel', {
      provider: 'auto',
      baseUrl: user.url,
      model: 'user-root-model',
    });
    assert.equal(modelConfig().inspect('baseUrl')?.globalValue, user.url, 'Configure Model writes the user settings');
    await chat.newConversation();
    const started = await vscode.commands.executeCommand<ChatTurn | undefined>('rlm.askInChat', 'Who answers this?');
    assert.ok(started);
    const turn = await chat.turnEnded(started.id);
    assert.equal(turn.status, 'answered', turn.error?.message ?? turn.detail);
    assert.match(turn.answer, /user endpoint/);
    assert.equal(repository.requests.length, 0, 'no request reached the endpoint the folder named');
    assert.ok(user.requests.length > 0);
    for (const request of user.requests)
      assert.equal(request.headers['x-from-repository'], undefined, 'the folder’s header was not sent');
    // The folder's model names are not used (on a router the name picks who receives the code): the user set no
    // sub-model, so the root model answers sub-calls too.
    assert.deepEqual(turn.meter?.unpricedModels, ['user-root-model']);
    for (const request of user.requests) assert.equal(request.model, 'user-root-model');
  });

  it('lets a folder tighten run limits but never loosen them', () => {
    const settings = readRunSettings();
    assert.equal(settings.limits.maxCostUsd, 1, 'the folder’s 500 USD is ignored: the user’s limit is the ceiling');
    assert.equal(settings.limits.maxDepth, 0, 'the folder’s lower depth applies');
  });

  it('sizes prompts and rate-limit waits from the user’s settings, not the folder’s', () => {
    assert.equal(readContextWindowSetting(), undefined, 'the folder’s 2M-token window is ignored');
    assert.equal(readMaxRateLimitWaitMs(), 30_000, 'the folder’s day-long rate-limit wait is ignored');
  });

  it('lets a folder add secret globs and lower workspace caps, never remove a glob or raise a cap', () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const settings = readWorkspaceSettings([folder.uri]);
    assert.deepEqual(settings.secretFileGlobs, [...defaultSecretFileGlobs, '*.sqlite']);
    assert.equal(settings.maxFileBytes, 1_048_576, 'the folder’s 1 GB cap is ignored');
    assert.equal(settings.maxReadLines, 50, 'the folder’s lower cap applies');
  });

  it('warns once per session about a plain-http endpoint on another machine, when a run starts', async () => {
    const remote = 'http://192.0.2.10:8000/v1'; // TEST-NET-1: never reached, resolving sends nothing
    await vscode.commands.executeCommand('rlm.configureModel', {
      provider: 'openai-compatible',
      baseUrl: remote,
      model: 'lan-model',
    });
    assert.ok(models.onDidWarn, 'the provider reports warnings');
    const warnings: string[] = [];
    const subscription = models.onDidWarn((message) => warnings.push(message));
    try {
      await models.resolve();
      await models.resolve();
    } finally {
      subscription.dispose();
    }
    const plainHttp = warnings.filter((message) => message.includes('plain http'));
    assert.equal(plainHttp.length, 1, warnings.join('\n'));
    assert.match(plainHttp[0], /^192\.0\.2\.10:8000 is a plain http endpoint on another machine/);
  });
});
