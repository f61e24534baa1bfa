// Restricted Mode with workspace trust really enabled: the folder is not trusted, so the chat refuses with the
// trust message and nothing reaches a model endpoint, even one the user configured.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChatTurn } from '../../../src/core/protocol/chatProtocol';
import type { RlmExplorerApi } from '../../../src/vscode/extensionServices';
import { untrustedFolderMessage } from '../../../src/vscode/workspaceTrust';
import { ScriptedModelServer } from '../../../src/testing/scriptedModelServer';

const extensionId = 'rlm-explorer.rlm-explorer';

describe('Restricted Mode (workspace trust enabled, folder not trusted)', function () {
  this.timeout(60_000);
  let api: RlmExplorerApi;
  let server: ScriptedModelServer;
  const modelConfig = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('rlm.model');

  before(async () => {
    const extension = vscode.extensions.getExtension<RlmExplorerApi>(extensionId);
    assert.ok(extension, `${extensionId} is not loaded in Restricted Mode`);
    api = await extension.activate();
    server = await ScriptedModelServer.start([{ name: 'would answer', reply: 'FINAL(This must never be asked.)' }]);
    // The user's own settings point at a working endpoint: only trust stands between the folder and the model.
    await modelConfig().update('provider', 'openai-compatible', vscode.ConfigurationTarget.Global);
    await modelConfig().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await modelConfig().update('name', 'restricted-root', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    for (const key of ['provider', 'baseUrl', 'name'])
      await modelConfig().update(key, undefined, vscode.ConfigurationTarget.Global);
    await server?.close();
  });

  it('runs with trust enabled and the folder untrusted', () => {
    assert.ok(vscode.workspace.workspaceFolders?.length, 'a folder is open');
    assert.equal(
      vscode.workspace.isTrusted,
      false,
      'this run must open an untrusted folder with workspace trust enabled',
    );
  });

  it('refuses a chat question with the trust message, and no request reaches the endpoint', async () => {
    const chat = api.chat;
    assert.ok(chat, 'the extension API has a chat in Restricted Mode');
    const started = await vscode.commands.executeCommand<ChatTurn | undefined>(
      'rlm.askInChat',
      'What does this repository do?',
    );
    assert.ok(started, 'rlm.askInChat started a turn');
    const turn = await chat.turnEnded(started.id);
    assert.equal(turn.status, 'failed');
    assert.equal(turn.error?.message, untrustedFolderMessage);
    assert.deepEqual(turn.error?.actions, ['manageTrust']);
    assert.equal(turn.answer, '');
    assert.equal(server.requests.length, 0, 'no request reached the scripted server');
  });

  it('offers no agent-mode tools, and refuses rlm_explore should it be invoked', async () => {
    assert.deepEqual(
      vscode.lm.tools.filter((tool) => tool.name.startsWith('rlm_')).map((tool) => tool.name),
      [],
    );
    await assert.rejects(
      Promise.resolve(
        vscode.lm.invokeTool(
          'rlm_explore',
          { input: { question: 'What is here?' }, toolInvocationToken: undefined },
          new vscode.CancellationTokenSource().token,
        ),
      ),
      /./,
    );
    assert.equal(server.requests.length, 0, 'no request reached the scripted server');
  });
});
