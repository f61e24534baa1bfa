// RLM Explorer as agent-mode tools in a real extension host: vscode.lm lists them, invokeTool runs rlm_explore against
// the scripted model server over loopback HTTP, and the run lands in the Recursion Tree like any other.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RlmExplorerApi } from '../../../src/vscode/extensionServices';
import type { RunViews } from '../../../src/vscode/runs/registerRunViews';
import { ScriptedModelServer } from '../../../src/testing/scriptedModelServer';
import { waitFor } from '../helpers/waitFor';

const extensionId = 'rlm-explorer.rlm-explorer';
const rootModel = 'tool-root-model';
const js = (code: string): string => `Let me look.\n\`\`\`js\n${code}\n\`\`\``;

function resultText(result: vscode.LanguageModelToolResult): string {
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

describe('Agent-mode language-model tools', function () {
  this.timeout(60_000);
  let runs: RunViews;
  let server: ScriptedModelServer;
  const releases: (() => void)[] = [];
  const modelConfig = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('rlm.model');

  before(async () => {
    const extension = vscode.extensions.getExtension<RlmExplorerApi>(extensionId);
    assert.ok(extension, `${extensionId} is not loaded`);
    const api = await extension.activate();
    assert.ok(api.runs, 'the extension API has no runs');
    runs = api.runs;
    server = await ScriptedModelServer.start([
      {
        name: 'find greet',
        match: { model: rootModel, lastUser: 'Where is greet defined?' },
        reply: js('const def = findSymbol("greet")[0]\nprint(def.at)'),
      },
      {
        name: 'answer greet',
        match: { model: rootModel, anyMessage: 'Where is greet defined?' },
        reply: 'FINAL(greet is defined at src/greeting.ts:4.)',
      },
      {
        name: 'never',
        match: { model: rootModel, lastUser: 'Never answered?' },
        reply: () => new Promise<string>((resolve) => releases.push(() => resolve('FINAL(late)'))),
      },
    ]);
    await modelConfig().update('provider', 'openai-compatible', vscode.ConfigurationTarget.Global);
    await modelConfig().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await modelConfig().update('name', rootModel, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    for (const release of releases) release();
    for (const key of ['provider', 'baseUrl', 'name'])
      await modelConfig().update(key, undefined, vscode.ConfigurationTarget.Global);
    await server?.close();
  });

  it('lists the four tools in vscode.lm.tools with their input schemas', async () => {
    const ours = await waitFor('the rlm tools', () => {
      const found = vscode.lm.tools.filter((tool) => tool.name.startsWith('rlm_'));
      return found.length === 4 && found;
    });
    assert.deepEqual(ours.map((tool) => tool.name).sort(), [
      'rlm_explore',
      'rlm_find_symbol',
      'rlm_search',
      'rlm_trace',
    ]);
    const explore = ours.find((tool) => tool.name === 'rlm_explore');
    assert.deepEqual((explore?.inputSchema as { required?: string[] }).required, ['question']);
    assert.match(explore?.description ?? '', /costs model calls/);
  });

  it('answers free lookups without a model call', async () => {
    const token = new vscode.CancellationTokenSource().token;
    const found = await vscode.lm.invokeTool(
      'rlm_find_symbol',
      { input: { name: 'greetLoudly' }, toolInvocationToken: undefined },
      token,
    );
    assert.match(resultText(found), /src\/greeting\.ts:11 {2}function greetLoudly/);
    const search = await vscode.lm.invokeTool(
      'rlm_search',
      { input: { pattern: 'needle-in-the-haystack', glob: 'src/**' }, toolInvocationToken: undefined },
      token,
    );
    assert.match(resultText(search), /^src\/greeting\.ts:9:\d+: export const fixtureMarker/);
    await assert.rejects(
      Promise.resolve(
        vscode.lm.invokeTool(
          'rlm_trace',
          { input: { target: 'greet', depth: 50 }, toolInvocationToken: undefined },
          token,
        ),
      ),
      /rlm_trace: invalid arguments/,
    );
    assert.equal(server.requests.length, 0);
  });

  it('runs rlm_explore to a cited answer from the scripted server, recorded in the Recursion Tree', async () => {
    const before = runs.history.runs().length;
    const result = await vscode.lm.invokeTool(
      'rlm_explore',
      { input: { question: 'Where is greet defined?' }, toolInvocationToken: undefined },
      new vscode.CancellationTokenSource().token,
    );
    const text = resultText(result);
    assert.match(text, /^greet is defined at src\/greeting\.ts:4\.\n\nAnswered: 2 iteration\(s\)/);
    assert.match(text, /Recursion Tree/);
    const run = await waitFor(
      'the tool run in the history',
      () =>
        runs.history.runs().length > before &&
        runs.history.runs().find((r) => r.summary.question === 'Where is greet defined?'),
    );
    assert.ok(runs.provider.element(run.summary.runId), 'the run has a node in the Recursion Tree');
    assert.deepEqual(
      server.requests.map((r) => r.model),
      [rootModel, rootModel],
    );
  });

  it('stops rlm_explore when the invocation token is cancelled', async () => {
    const source = new vscode.CancellationTokenSource();
    const sent = server.requests.length;
    const invoked = Promise.resolve(
      vscode.lm.invokeTool(
        'rlm_explore',
        { input: { question: 'Never answered?' }, toolInvocationToken: undefined },
        source.token,
      ),
    );
    invoked.catch(() => undefined);
    const request = await waitFor('the root model call', () => server.requests[sent]);
    source.cancel();
    const outcome = await invoked.then(resultText, (error: unknown) => String(error));
    assert.match(outcome, /Cancel/i);
    await waitFor('the model call aborted', () => request.clientAborted);
    assert.equal(server.requests.length, sent + 1, 'no further model call after the cancel');
  });

  it('copies the MCP server configuration for Claude Code, Cursor, Cline and VS Code', async () => {
    const text = await vscode.commands.executeCommand<string | undefined>('rlm.copyMcpConfig');
    assert.ok(text, 'the command returned the configuration');
    assert.equal(await vscode.env.clipboard.readText(), text);
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    assert.match(text, /^claude mcp add-json rlm '\{"type":"stdio",/m);
    const blocks = text
      .split(/^\/\/ .*$/m)
      .map((block) => block.trim())
      .filter((block) => block.startsWith('{'));
    const [cursor, vscodeJson] = blocks.map(
      (block) => JSON.parse(block) as Record<string, Record<string, { command: string; args: string[] }>>,
    );
    assert.deepEqual(cursor.mcpServers.rlm.args.slice(-3), ['mcp', '--repo', folder]);
    assert.deepEqual(vscodeJson.servers.rlm.args.slice(-3), ['mcp', '--repo', folder]);
    // No rlm on PATH in the test host: the extension's own CLI bundle, which exists.
    assert.ok(
      cursor.mcpServers.rlm.command === 'node'
        ? cursor.mcpServers.rlm.args[0].endsWith('dist/cli.js')
        : cursor.mcpServers.rlm.command.endsWith('rlm'),
    );
  });
});
