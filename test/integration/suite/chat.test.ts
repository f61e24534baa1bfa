// The chat panel's host side in a real extension host: questions go through rlm.askInChat to the scripted model
// server over loopback HTTP, and the turns are checked through the extension's API (exports.chat).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChatTurn } from '../../../src/core/protocol/chatProtocol';
import type { ChatApi } from '../../../src/vscode/chat/chatApi';
import type { ChatController } from '../../../src/vscode/chat/chatController';
import { ConversationStore } from '../../../src/vscode/chat/conversationStore';
import { distinctCitations } from '../../../src/core/engine/citations';
import { maxQuestionLength, parseChatMessage } from '../../../src/core/protocol/chatMessageSchema';
import { outcomeOfRun } from '../../../src/vscode/chat/turnOutcome';
import type { RlmExplorerApi } from '../../../src/vscode/extensionServices';
import { ScriptedModelServer } from '../../../src/testing/scriptedModelServer';
import { waitFor } from '../helpers/waitFor';

const extensionId = 'rlm-explorer.rlm-explorer';
const rootModel = 'chat-root-model';
/** A line of src/greeting.ts that only a read of the file can bring into a prompt. */
const greetingBody = 'return `Hello, ${name}!`;';

/** A key the endpoint echoes back in an error: it must reach neither the panel nor the run log. */
const echoedKey = 'sk-chat-echoed-key-4711';

const js = (code: string): string => `Let me look.\n\`\`\`js\n${code}\n\`\`\``;

async function ask(question: string): Promise<ChatTurn> {
  const started = await vscode.commands.executeCommand<ChatTurn | undefined>('rlm.askInChat', question);
  assert.ok(started, `rlm.askInChat started no turn for "${question}"`);
  assert.equal(started.status, 'running');
  return started;
}

describe('Chat panel host', function () {
  this.timeout(60_000);
  let chat: ChatApi;
  let server: ScriptedModelServer;
  const modelConfig = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('rlm.model');

  const useModel = async (baseUrl: string): Promise<void> => {
    await modelConfig().update('provider', 'openai-compatible', vscode.ConfigurationTarget.Global);
    await modelConfig().update('baseUrl', baseUrl, vscode.ConfigurationTarget.Global);
    await modelConfig().update('name', rootModel, vscode.ConfigurationTarget.Global);
  };

  before(async () => {
    const extension = vscode.extensions.getExtension<RlmExplorerApi>(extensionId);
    assert.ok(extension, `${extensionId} is not loaded`);
    const api = await extension.activate();
    assert.ok(api.chat, 'the extension API has no chat');
    chat = api.chat;
    server = await ScriptedModelServer.start([
      {
        name: 'read greeting',
        match: { model: rootModel, lastUser: '[read]' },
        reply: js('print(readFile("src/greeting.ts", 3, 6))'),
      },
      {
        name: 'answer greeting',
        match: { model: rootModel, anyMessage: '[read]' },
        reply: 'FINAL(`greet` builds it in src/greeting.ts:4-6.)',
      },
      {
        name: 'find symbol',
        match: { model: rootModel, lastUser: '[symbols]' },
        reply: js('print(JSON.stringify(findSymbol("greetLoudly")))'),
      },
      {
        name: 'answer symbol',
        match: { model: rootModel, anyMessage: '[symbols]' },
        reply: 'FINAL(greetLoudly is at src/greeting.ts:11.)',
      },
      // As models write it: prose, a TypeScript fence with types, await and console.log, then FINAL_VAR after the code.
      {
        name: 'typescript dialect',
        match: { model: rootModel, lastUser: '[dialect]' },
        reply:
          'I will read the file first.\n```typescript\ninterface Hit { line: number; text: string }\nconst body: string = await readFile("src/greeting.ts", 5, 5);\nconsole.log(body.length);\nconst hit: Hit = { line: 5, text: body.split("|")[1]!.trim() } as Hit;\nvar found = `greet returns ${hit.text} (src/greeting.ts:${hit.line})`;\n```\nHere is what I found.\n\nFINAL_VAR(found)',
      },
      { name: 'slow', match: { model: rootModel, lastUser: '[slow]' }, delayMs: 30_000, reply: 'FINAL(too late)' },
      { name: 'refused', match: { model: rootModel, lastUser: '[401]' }, status: 401, errorMessage: 'invalid api key' },
      {
        name: 'echoes the key',
        match: { model: rootModel, lastUser: '[echo]' },
        status: 400,
        errorMessage: `unknown parameter in request signed with ${echoedKey}`,
      },
      // The follow-up's prompt also carries the first question, so its rule comes first.
      {
        name: 'follow-up',
        match: { model: rootModel, lastUser: '[second]' },
        reply: 'FINAL(Still src/greeting.ts:9.)',
      },
      {
        name: 'first',
        match: { model: rootModel, lastUser: '[first]' },
        reply: 'FINAL(The marker lives in src/greeting.ts:9.)',
      },
    ]);
    await useModel(server.url);
  });

  after(async () => {
    chat?.stop();
    for (const key of ['provider', 'baseUrl', 'name'])
      await modelConfig().update(key, undefined, vscode.ConfigurationTarget.Global);
    await server?.close();
  });

  beforeEach(async () => {
    await chat.newConversation();
    server.requests.splice(0);
  });

  it('answers in the chat tab, citing the fixture, with only the question and listing in the first prompt', async () => {
    const started = await ask('Where is the greeting built? [read]');
    const tab = await waitFor('the RLM Chat tab', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'RLM Chat'),
    );
    assert.ok(tab);
    const turn = await chat.turnEnded(started.id);
    assert.equal(turn.status, 'answered', turn.error?.message ?? turn.detail);
    assert.match(turn.answer, /src\/greeting\.ts:4-6/);
    assert.ok(turn.runId, 'the turn names its run');
    assert.ok(turn.meter && turn.meter.inputTokens > 0, 'the meter counts tokens');
    const cell = turn.timeline?.find((bar) => bar.kind === 'code-cell');
    assert.ok(cell, 'the timeline shows the code cell');
    // What a click on a timeline bar does: the recorder saw the run, so the recursion tree finds that node.
    assert.equal(
      await vscode.commands.executeCommand('rlm.showRecursionTree', { runId: cell.runId, nodeId: cell.id }),
      true,
    );
    await vscode.commands.executeCommand('rlm.openChat');
    const chatTabs = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputWebview && t.label === 'RLM Chat');
    assert.equal(chatTabs.length, 1, 'RLM: Open Chat reveals the open tab');
    const [first, second] = server.requests;
    const firstPrompt = first.messages.map((m) => m.content).join('\n');
    assert.match(firstPrompt, /Where is the greeting built\? \[read\]/);
    assert.match(firstPrompt, /top-level folders: .*src\//, 'the workspace overview (counts and folders) is there');
    assert.ok(!firstPrompt.includes(greetingBody), 'no file contents in the first prompt');
    assert.ok(
      second.messages.some((m) => m.content.includes(greetingBody)),
      'the code cell read the file for the model',
    );
  });

  it('asks a short question with an attached context: the turn keeps both, the engine gets the whole context', async () => {
    const context = {
      label: 'Dependency trace of greet: 1 caller',
      text: 'Callers (1):\n- greetLoudly at src/greeting.ts:11 [first]',
    };
    const started = await vscode.commands.executeCommand<ChatTurn | undefined>(
      'rlm.askInChat',
      "Explain greet's dependencies (2 symbols)",
      context,
    );
    assert.ok(started, 'rlm.askInChat started a turn with a context');
    assert.equal(
      started.question,
      "Explain greet's dependencies (2 symbols)",
      'the question the person sees stays short',
    );
    assert.deepEqual(started.context, context);
    const turn = await chat.turnEnded(started.id);
    assert.equal(turn.status, 'answered', turn.error?.message ?? turn.detail);
    const prompt = server.requests[0]?.messages.map((m) => m.content).join('\n') ?? '';
    assert.ok(
      prompt.includes("Explain greet's dependencies (2 symbols)") &&
        prompt.includes('- greetLoudly at src/greeting.ts:11'),
      'the model got the question and the whole context',
    );
    assert.deepEqual(chat.storedTurns().at(-1)?.context, context, 'the context is saved with the conversation');
    // A context that is not { label, text } within bounds starts nothing.
    assert.equal(
      await vscode.commands.executeCommand('rlm.askInChat', 'Explain it', { label: 'x', text: 'y'.repeat(50_000) }),
      undefined,
    );
  });

  it('runs a TypeScript cell with await and console.log in the extension host, and answers from FINAL_VAR in one turn', async () => {
    const turn = await chat.turnEnded((await ask('What does greet return? [dialect]')).id);
    assert.equal(turn.status, 'answered', turn.error?.message ?? turn.detail);
    assert.equal(turn.answer, `greet returns ${greetingBody} (src/greeting.ts:5)`);
    assert.equal(server.requests.length, 1, 'no turn was spent on the dialect');
  });

  it("gives the model the extension's symbol index", async () => {
    const turn = await chat.turnEnded((await ask('Where is greetLoudly? [symbols]')).id);
    assert.equal(turn.status, 'answered', turn.error?.message ?? turn.detail);
    const output = server.requests.find((r) => r.rule === 'answer symbol')?.messages.at(-1)?.content ?? '';
    assert.match(output, /"name":"greetLoudly","kind":"function","at":"src\/greeting\.ts:11"/);
  });

  it('stops a slow run: the turn ends stopped', async () => {
    const started = await ask('Take your time [slow]');
    await waitFor('the slow request to reach the server', () => server.requests.some((r) => r.rule === 'slow'));
    assert.equal(await vscode.commands.executeCommand('rlm.stopRun'), true);
    const turn = await chat.turnEnded(started.id);
    assert.equal(turn.status, 'stopped');
    assert.equal(turn.detail, 'Stopped by you', 'the status line says once that the person stopped it');
    await waitFor(
      'the model call to be cancelled',
      () => server.requests.find((r) => r.rule === 'slow')?.clientAborted,
    );
  });

  it('refuses a second question while a run goes', async () => {
    const started = await ask('Take your time [slow]');
    assert.equal(await vscode.commands.executeCommand('rlm.askInChat', 'Another one [first]'), undefined);
    chat.stop();
    await chat.turnEnded(started.id);
    assert.deepEqual(
      chat.turns().map((t) => t.question),
      ['Take your time [slow]'],
    );
  });

  it('turns a 401 into a failed turn with the Set API Key action', async () => {
    const turn = await chat.turnEnded((await ask('Who am I? [401]')).id);
    assert.equal(turn.status, 'failed');
    assert.equal(turn.question, 'Who am I? [401]');
    assert.deepEqual(turn.error?.actions, ['setApiKey', 'configureModel']);
  });

  it('keeps a key the endpoint echoes out of the turn and the run log', async () => {
    await vscode.commands.executeCommand('rlm.setApiKey', echoedKey);
    try {
      const turn = await chat.turnEnded((await ask('Anything? [echo]')).id);
      assert.equal(turn.status, 'failed');
      assert.ok(
        server.requests.some((r) => r.rule === 'echoes the key'),
        'the endpoint saw the request',
      );
      assert.ok(turn.runId, 'the turn names its run');
      assert.ok(!JSON.stringify(turn).includes(echoedKey), 'the turn holds no key');
      const runs = (await vscode.extensions.getExtension<RlmExplorerApi>(extensionId)?.activate())?.runs;
      assert.ok(runs, 'the extension API has the run views');
      const log = runs.history.exportJson(turn.runId);
      assert.match(log, /"type": "error"/, 'the run log recorded the failure');
      assert.ok(!log.includes(echoedKey), 'the run log holds no key');
      assert.ok(!JSON.stringify(chat.storedTurns()).includes(echoedKey), 'the saved conversation holds no key');
    } finally {
      await vscode.commands.executeCommand('rlm.clearApiKey');
    }
  });

  it('fails at once when nothing listens at the endpoint, naming its URL and offering Configure Model', async () => {
    const closed = await ScriptedModelServer.start();
    const deadUrl = closed.url;
    await closed.close();
    await useModel(deadUrl);
    try {
      const turn = await chat.turnEnded((await ask('Anything? [refused]')).id);
      assert.equal(turn.status, 'failed');
      assert.match(turn.error?.message ?? '', /Could not reach the model endpoint/);
      assert.ok(turn.error?.message.includes(deadUrl), `the message names ${deadUrl}: ${turn.error?.message}`);
      assert.match(turn.error?.message ?? '', /RLM: Configure Model/);
      assert.equal(turn.error?.actions[0], 'configureModel');
    } finally {
      await useModel(server.url);
    }
  });

  it('asks to configure a model when no endpoint is set', async () => {
    await modelConfig().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    try {
      const turn = await chat.turnEnded((await ask('Anything [first]')).id);
      assert.equal(turn.status, 'failed');
      assert.deepEqual(turn.error?.actions, ['configureModel']);
      assert.equal(server.requests.length, 0, 'nothing was sent');
    } finally {
      await useModel(server.url);
    }
  });

  it('sends the earlier question and answer with a follow-up, and persists the turns', async () => {
    const first = await chat.turnEnded((await ask('Where is the marker? [first]')).id);
    assert.equal(first.status, 'answered', first.error?.message);
    const second = await chat.turnEnded((await ask('Are you sure? [second]')).id);
    assert.equal(second.status, 'answered', second.error?.message);
    const followUp = server.requests.find((r) => r.rule === 'follow-up');
    assert.ok(followUp, 'the follow-up reached the model');
    const prompt = followUp.messages.map((m) => m.content).join('\n');
    assert.match(prompt, /Where is the marker\? \[first\]/);
    assert.match(prompt, /The marker lives in src\/greeting\.ts:9\./);
    const stored = chat.storedTurns();
    assert.deepEqual(
      stored.map((t) => [t.question, t.status, t.answer]),
      [
        ['Where is the marker? [first]', 'answered', 'The marker lives in src/greeting.ts:9.'],
        ['Are you sure? [second]', 'answered', 'Still src/greeting.ts:9.'],
      ],
    );
  });

  it('starts over with rlm.newConversation', async () => {
    await chat.turnEnded((await ask('Where is the marker? [first]')).id);
    assert.equal(chat.storedTurns().length, 1);
    await vscode.commands.executeCommand('rlm.newConversation');
    assert.deepEqual(chat.turns(), []);
    assert.deepEqual(chat.storedTurns(), []);
  });

  it('opens a cited range, and never a secret file or a file outside the workspace', async () => {
    // What the webview's citation click sends, through the controller's validated-message handler.
    const controller = chat as unknown as Pick<ChatController, 'handle'>;
    const click = (file: string, startLine: number, endLine: number): Promise<void> =>
      controller.handle({ type: 'openCitation', file, startLine, endLine }, undefined as never);
    await click('src/greeting.ts', 4, 6);
    const editor = await waitFor('the cited file in an editor', () =>
      vscode.window.visibleTextEditors.find((e) => e.document.uri.path.endsWith('/src/greeting.ts')),
    );
    assert.deepEqual([editor.selection.start.line, editor.selection.end.line], [3, 5]);
    for (const file of ['.env', '../../../package.json', '/etc/hostname']) await click(file, 1, 1);
    const opened = vscode.workspace.textDocuments.map((d) => d.uri.path);
    assert.ok(
      !opened.some((p) => p.endsWith('/.env') || p.endsWith('/package.json') || p === '/etc/hostname'),
      opened.join(', '),
    );
  });
});

describe('Chat host parts', () => {
  it('drops malformed webview messages', () => {
    assert.deepEqual(parseChatMessage({ type: 'ask', question: '  Where?  ' }), { type: 'ask', question: 'Where?' });
    assert.equal(parseChatMessage({ type: 'ask', question: '   ' }), undefined);
    assert.equal(parseChatMessage({ type: 'ask', question: 'x'.repeat(maxQuestionLength + 1) }), undefined);
    assert.deepEqual(parseChatMessage({ type: 'openCitation', file: 'src/a.ts', startLine: 2, endLine: 4 }), {
      type: 'openCitation',
      file: 'src/a.ts',
      startLine: 2,
      endLine: 4,
    });
    for (const bad of [
      { startLine: 0, endLine: 1 },
      { startLine: 1.5, endLine: 2 },
      { startLine: 3, endLine: 2 },
      { startLine: '1', endLine: 1 },
    ]) {
      assert.equal(
        parseChatMessage({ type: 'openCitation', file: 'src/a.ts', ...bad }),
        undefined,
        JSON.stringify(bad),
      );
    }
    assert.equal(parseChatMessage({ type: 'errorAction', action: 'runShell', turnId: 't' }), undefined);
    // The header's Configure and Trust folder buttons belong to no turn.
    assert.deepEqual(parseChatMessage({ type: 'errorAction', action: 'configureModel', turnId: '' }), {
      type: 'errorAction',
      action: 'configureModel',
      turnId: '',
    });
    assert.deepEqual(parseChatMessage({ type: 'errorAction', action: 'retry', turnId: 't' }), {
      type: 'errorAction',
      action: 'retry',
      turnId: 't',
    });
    assert.equal(parseChatMessage({ type: 'stop' }), undefined);
    assert.equal(parseChatMessage({ type: 'unknown' }), undefined);
    assert.equal(parseChatMessage('ready'), undefined);
  });

  it('brings back a turn a reload interrupted as stopped', async () => {
    const values = new Map<string, unknown>();
    const memento = {
      keys: (): string[] => [...values.keys()],
      get: <T>(key: string, fallback?: T): T | undefined => (values.has(key) ? (values.get(key) as T) : fallback),
      update: async (key: string, value: unknown): Promise<void> =>
        void values.set(key, JSON.parse(JSON.stringify(value))),
    };
    const store = new ConversationStore(memento);
    await store.save([
      { id: 'a', question: 'Q1', answer: 'A1', status: 'answered', startedAt: 1 },
      { id: 'b', question: 'Q2', answer: 'partial', status: 'running', startedAt: 2 },
    ]);
    assert.equal(store.hasInterruptedTurn(), true);
    const loaded = store.load();
    assert.deepEqual(
      loaded.map((t) => [t.id, t.status, t.answer, t.detail]),
      [
        ['a', 'answered', 'A1', undefined],
        ['b', 'stopped', 'partial', 'Stopped when the window was reloaded'],
      ],
    );
    await memento.update('rlm.chat.conversation', { version: 1, turns: [{ id: 1 }, null, 'x'] });
    assert.deepEqual(store.load(), []);
  });

  it('finds path:line citations and scrubs secrets from errors', () => {
    assert.deepEqual(
      distinctCitations(
        'See `src/greeting.ts:4-6` and src/util/shout.ts:2, again src/greeting.ts:4-6; not https://x.io/a.ts:3',
      ),
      [
        { file: 'src/greeting.ts', startLine: 4, endLine: 6 },
        { file: 'src/util/shout.ts', startLine: 2, endLine: 2 },
      ],
    );
    const totals = { inputTokens: 0, outputTokens: 0, costUsd: 0, costComplete: true, subCalls: 0 };
    const outcome = outcomeOfRun(
      {
        runId: 'r',
        answer: '',
        reason: 'error',
        detail: 'key sk-secret-123 refused',
        errorKind: 'auth',
        iterations: 1,
        totals,
        durationMs: 1,
      },
      ['sk-secret-123'],
    );
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.error?.message, 'key *** refused');
    const limited = outcomeOfRun(
      {
        runId: 'r',
        answer: 'so far',
        reason: 'max-iterations',
        detail: 'the run used its 2 iterations',
        iterations: 2,
        totals,
        durationMs: 1,
      },
      [],
    );
    assert.equal(limited.status, 'limited');
    const rate = outcomeOfRun(
      {
        runId: 'r',
        answer: '',
        reason: 'error',
        detail:
          'The endpoint at http://h/v1 kept rate-limiting model "m" after waiting 40 s; it asks to wait 20 s more, past the 60 s a call may wait. Try again in a minute, or use another model.',
        errorKind: 'unavailable',
        iterations: 1,
        totals,
        durationMs: 1,
      },
      [],
    );
    assert.deepEqual(rate.error?.actions, ['retry', 'configureModel']);
    assert.ok(rate.error?.retryAt !== undefined && rate.error.retryAt > Date.now());
    const down = outcomeOfRun(
      {
        runId: 'r',
        answer: '',
        reason: 'error',
        detail: 'did not answer (last: HTTP 503: busy). The endpoint may be down or overloaded',
        errorKind: 'unavailable',
        iterations: 1,
        totals,
        durationMs: 1,
      },
      [],
    );
    assert.deepEqual(down.error?.actions, ['retry', 'configureModel', 'showLog']);
    assert.equal(down.error?.retryAt, undefined);
    const refused = outcomeOfRun(
      {
        runId: 'r',
        answer: '',
        reason: 'error',
        detail: 'Could not reach the model endpoint http://127.0.0.1:9/v1 (connection refused)',
        errorKind: 'unreachable',
        iterations: 1,
        totals,
        durationMs: 1,
      },
      [],
    );
    assert.deepEqual(refused.error?.actions, ['configureModel', 'retry', 'showLog']);
    // A VS Code language model takes no key: its refusal is fixed by allowing access and asking again.
    const lmRefused = outcomeOfRun(
      {
        runId: 'r',
        answer: '',
        reason: 'error',
        detail: 'not allowed',
        errorKind: 'auth',
        iterations: 1,
        totals,
        durationMs: 1,
      },
      [],
      'vscode-lm',
    );
    assert.deepEqual(lmRefused.error?.actions, ['retry', 'configureModel']);
  });
});
