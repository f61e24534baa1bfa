// "RLM: Evaluate on this Workspace" in a real extension host: the scripted model server answers every mode over
// loopback HTTP, the report opens in a webview, and each result's run is in the Recursion Tree.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RlmExplorerApi } from '../../../src/vscode/extensionServices';
import { ScriptedModelServer } from '../../../src/testing/scriptedModelServer';

const extensionId = 'rlm-explorer.rlm-explorer';
const rootModel = 'eval-root-model';

describe('Evaluate on this Workspace (eval)', function () {
  this.timeout(240_000);
  let api: RlmExplorerApi;
  let server: ScriptedModelServer;
  const modelConfig = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('rlm.model');

  before(async () => {
    const extension = vscode.extensions.getExtension<RlmExplorerApi>(extensionId);
    assert.ok(extension, `${extensionId} is not loaded`);
    api = await extension.activate();
    server = await ScriptedModelServer.start([
      // The direct baseline is one plain call; the engine's root model ends with FINAL.
      {
        name: 'direct',
        match: { model: rootModel, system: 'You answer questions about a codebase' },
        reply: 'It is at src/greeting.ts:4.',
      },
      { name: 'engine', match: { model: rootModel }, reply: 'FINAL(It is at src/greeting.ts:4.)' },
    ]);
    await modelConfig().update('provider', 'openai-compatible', vscode.ConfigurationTarget.Global);
    await modelConfig().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await modelConfig().update('name', rootModel, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    api.eval?.panel?.dispose();
    for (const key of ['provider', 'baseUrl', 'name'])
      await modelConfig().update(key, undefined, vscode.ConfigurationTarget.Global);
    await server?.close();
  });

  it('asks the generated questions in every mode and opens the report, whose runs are in the Recursion Tree', async () => {
    assert.ok(api.eval, 'the extension API has no eval');
    await vscode.commands.executeCommand('rlm.evaluateWorkspace');
    const page = api.eval.lastReport;
    assert.ok(page, 'no report was shown');
    assert.ok(page.output.questions.length > 0, 'no question was generated from the fixture workspace');
    assert.deepEqual(Object.keys(page.output.summary).sort(), ['direct', 'rlm', 'rlm-depth0']);
    assert.equal(page.output.results.length, page.output.questions.length * 3);
    assert.ok(api.eval.panel?.visible, 'the report panel is not visible');
    assert.match(api.eval.panel.webview.html, /<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(api.eval.panel.webview.html, /Content-Security-Policy" content="default-src 'none'/);
    // Two engine modes per question: every engine result has its run, and that run opens in the tree.
    assert.equal(page.runIds.size, page.output.questions.length * 2);
    const [runId] = [...page.runIds.values()];
    assert.ok(api.runs, 'the extension API has no runs');
    assert.equal(await api.runs.reveal(runId, runId), true);
  });
});
