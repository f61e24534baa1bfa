// Model providers in a real VS Code: the commands, the rlm.model.* / rlm.limits.* settings, the API key in secret
// storage (never in settings, sent only to its own endpoint), and which provider the settings select.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ScriptedModelServer } from '../../../src/testing/scriptedModelServer';
import type { RlmExplorerApi } from '../../../src/vscode/extensionServices';
import { isLlmError } from '../../../src/core/llm/llmErrors';
import { isModelNotConfiguredError, modelErrorActions } from '../../../src/vscode/llm/modelClients';
import type { ModelProvider } from '../../../src/vscode/llm/modelClients';
import { listEndpointModels, type EndpointListing } from '../../../src/vscode/llm/listEndpointModels';
import { VscodeLmClient } from '../../../src/vscode/llm/vscodeLmClient';
import { readRunSettings } from '../../../src/vscode/settings';
import { waitFor } from '../helpers/waitFor';

const extensionId = 'rlm-explorer.rlm-explorer';
const modelKeys = ['provider', 'baseUrl', 'name', 'subModel', 'extraHeaders'];
const limitKeys = [
  'maxDepth',
  'maxIterations',
  'maxSubCalls',
  'maxTokens',
  'maxCostUsd',
  'timeoutSeconds',
  'concurrency',
];

interface Manifest {
  contributes: { configuration: { properties: Record<string, { default: unknown }> } };
}

function extension(): vscode.Extension<RlmExplorerApi> {
  const found = vscode.extensions.getExtension<RlmExplorerApi>(extensionId);
  assert.ok(found, `${extensionId} is not loaded`);
  return found;
}

function models(): ModelProvider {
  const provider = extension().exports.models;
  assert.ok(provider, 'activate() did not set api.models');
  return provider;
}

/** Puts every rlm.model.* and rlm.limits.* setting back to its default, at every target this test writes. */
async function resetSettings(): Promise<void> {
  const model = vscode.workspace.getConfiguration('rlm.model');
  for (const key of modelKeys) await model.update(key, undefined, vscode.ConfigurationTarget.Global);
  const limits = vscode.workspace.getConfiguration('rlm.limits');
  for (const key of limitKeys) await limits.update(key, undefined, vscode.ConfigurationTarget.Global);
}

/** The provider's failure, checked to be a ModelNotConfiguredError with the given action. */
async function notConfigured(action: 'configureModel' | 'setApiKey'): Promise<Error> {
  const error = await models()
    .resolve()
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  assert.ok(isModelNotConfiguredError(error), `expected ModelNotConfiguredError, got ${String(error)}`);
  assert.equal(error.action, action, error.message);
  return error;
}

describe('Model providers and settings', () => {
  let server: ScriptedModelServer;

  before(async () => {
    await extension().activate();
    server = await ScriptedModelServer.start(
      [
        { name: 'refused', match: { model: 'refused-model' }, status: 401, errorMessage: 'Incorrect API key provided' },
        { name: 'rate-limited once', match: { model: 'flaky-model' }, status: 429, retryAfter: 0, times: 1 },
        { name: 'answer', reply: 'scripted answer' },
      ],
      { models: ['scripted-root', 'scripted-sub'] },
    );
  });

  after(async () => {
    await server?.close();
  });

  afterEach(async () => {
    // The key of the scripted server's origin goes with the settings, so no test leaks one into the next.
    await vscode.commands.executeCommand('rlm.configureModel', { baseUrl: server.url });
    await vscode.commands.executeCommand('rlm.clearApiKey');
    await resetSettings();
  });

  it('registers Configure Model, Set API Key and Clear API Key', async () => {
    const registered = await vscode.commands.getCommands(true);
    for (const command of ['rlm.configureModel', 'rlm.setApiKey', 'rlm.clearApiKey'])
      assert.ok(registered.includes(command), command);
  });

  it('declares rlm.model.* and rlm.limits.* with the defaults readRunSettings maps', () => {
    const declared = (extension().packageJSON as Manifest).contributes.configuration.properties;
    for (const [section, keys] of [
      ['rlm.model', modelKeys],
      ['rlm.limits', limitKeys],
    ] as const) {
      const config = vscode.workspace.getConfiguration(section);
      for (const key of keys) {
        assert.ok(`${section}.${key}` in declared, `${section}.${key} is declared`);
        assert.deepEqual(
          config.inspect(key)?.defaultValue,
          declared[`${section}.${key}`].default,
          `default of ${section}.${key}`,
        );
      }
    }
    assert.deepEqual(readRunSettings(), {
      limits: {
        maxDepth: 1,
        maxIterations: 12,
        maxSubCalls: 64,
        maxTokens: 1_000_000,
        maxCostUsd: 1,
        timeoutMs: 600_000,
      },
      sandbox: { subCallConcurrency: 8 },
    });
  });

  it('maps changed limits and ignores values out of range', async () => {
    const limits = vscode.workspace.getConfiguration('rlm.limits');
    await limits.update('timeoutSeconds', 30, vscode.ConfigurationTarget.Global);
    await limits.update('concurrency', 3, vscode.ConfigurationTarget.Global);
    await limits.update('maxCostUsd', 0.25, vscode.ConfigurationTarget.Global);
    await limits.update('maxDepth', 9, vscode.ConfigurationTarget.Global); // above the declared maximum of 5
    await limits.update('maxIterations', 2.5, vscode.ConfigurationTarget.Global); // not a whole number
    const settings = readRunSettings();
    assert.equal(settings.limits.timeoutMs, 30_000);
    assert.equal(settings.sandbox.subCallConcurrency, 3);
    assert.equal(settings.limits.maxCostUsd, 0.25);
    assert.equal('maxDepth' in settings.limits, false, 'an out-of-range maxDepth is ignored');
    assert.equal('maxIterations' in settings.limits, false, 'a fractional maxIterations is ignored');
  });

  it('configures a model from the programmatic form of rlm.configureModel', async () => {
    await vscode.commands.executeCommand('rlm.configureModel', {
      provider: 'openai-compatible',
      baseUrl: `${server.url}/`,
      model: 'scripted-root',
      subModel: 'scripted-sub',
    });
    const config = vscode.workspace.getConfiguration('rlm.model');
    assert.equal(config.inspect('baseUrl')?.globalValue, server.url, 'stored without the trailing slash');
    assert.equal(config.get('provider'), 'openai-compatible');
    assert.equal(config.get('name'), 'scripted-root');
    assert.equal(config.get('subModel'), 'scripted-sub');
    assert.deepEqual(await models().describe(), {
      provider: 'openai-compatible',
      label: `scripted-root at 127.0.0.1:${server.port}`,
    });
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('rlm.configureModel', { baseUrl: 'ftp://example.com' })),
      /not http or https/,
    );
  });

  it('keeps the API key in secret storage, out of every setting, and sends it to its endpoint', async () => {
    const key = `sk-test-${Math.random().toString(36).slice(2)}-secret`;
    await vscode.commands.executeCommand('rlm.configureModel', {
      provider: 'auto',
      baseUrl: server.url,
      model: 'scripted-root',
      subModel: 'scripted-sub',
    });
    await vscode.commands.executeCommand('rlm.setApiKey', `  ${key}  `);

    const declared = Object.keys((extension().packageJSON as Manifest).contributes.configuration.properties);
    const everySetting = vscode.workspace.getConfiguration();
    for (const name of declared) {
      assert.ok(!JSON.stringify(everySetting.inspect(name) ?? {}).includes(key), `the key shows up in ${name}`);
    }

    const clients = await models().resolve();
    assert.deepEqual(clients.secrets, [key], 'the trimmed key is listed for scrubbing');
    assert.equal(clients.root.model, 'scripted-root');
    assert.equal(clients.sub.model, 'scripted-sub');
    const before = server.requests.length;
    const deltas: string[] = [];
    const response = await clients.root.complete({
      messages: [{ role: 'user', content: 'providers test question' }],
      onDelta: (d) => deltas.push(d.text),
    });
    assert.equal(response.text, 'scripted answer');
    assert.equal(deltas.join(''), 'scripted answer');
    const request = server.requests[before];
    assert.equal(request.model, 'scripted-root');
    assert.equal(request.headers.authorization, `Bearer ${key}`);

    await vscode.commands.executeCommand('rlm.configureModel', { baseUrl: 'https://models.example.invalid/v1' });
    const error = await notConfigured('setApiKey');
    assert.match(error.message, /models\.example\.invalid needs an API key/);
    assert.ok(!error.message.includes(key));
  });

  it('describes a remote endpoint only once its key is stored, and tells listeners', async () => {
    const remote = 'https://models.example.invalid/v1';
    await vscode.commands.executeCommand('rlm.configureModel', {
      provider: 'openai-compatible',
      baseUrl: remote,
      model: 'remote-model',
    });
    assert.equal(await models().describe(), undefined, 'no key yet: nothing usable to show');
    const changed = new Promise<void>((resolve) => {
      const subscription = models().onDidChange(() => {
        subscription.dispose();
        resolve();
      });
    });
    try {
      await vscode.commands.executeCommand('rlm.setApiKey', 'sk-remote-key-456');
      await changed;
      assert.deepEqual(await models().describe(), {
        provider: 'openai-compatible',
        label: 'remote-model at models.example.invalid',
      });
      assert.deepEqual((await models().resolve()).secrets, ['sk-remote-key-456']);
    } finally {
      await vscode.commands.executeCommand('rlm.clearApiKey');
    }
    assert.equal(await models().describe(), undefined, 'the key is gone again');
  });

  it('needs no key for a loopback endpoint, and sends no stored key after Clear API Key', async () => {
    await vscode.commands.executeCommand('rlm.configureModel', {
      provider: 'openai-compatible',
      baseUrl: server.url,
      model: 'scripted-root',
    });
    await vscode.commands.executeCommand('rlm.setApiKey', 'sk-loopback-key-123');
    await vscode.commands.executeCommand('rlm.clearApiKey');
    const clients = await models().resolve();
    assert.deepEqual(clients.secrets, []);
    assert.equal(clients.sub.model, 'scripted-root', 'no sub-model: the root model answers sub-calls');
    const before = server.requests.length;
    await clients.sub.complete({ messages: [{ role: 'user', content: 'no key' }] });
    assert.equal(server.requests[before].headers.authorization, 'Bearer not-needed');
  });

  it('tells a refused key in VS Code terms and reports retries to hooks.onRetry', async () => {
    const key = 'sk-refused-key-789';
    await vscode.commands.executeCommand('rlm.configureModel', {
      provider: 'openai-compatible',
      baseUrl: server.url,
      model: 'refused-model',
      subModel: 'flaky-model',
    });
    await vscode.commands.executeCommand('rlm.setApiKey', key);
    const retries: number[] = [];
    const clients = await models().resolve({ onRetry: (notice) => retries.push(notice.attempt) });
    const refused = await clients.root.complete({ messages: [{ role: 'user', content: 'q' }] }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.ok(isLlmError(refused), String(refused));
    assert.equal(refused.kind, 'auth');
    assert.deepEqual(modelErrorActions(refused), ['setApiKey']);
    assert.match(refused.message, /refused the stored API key .*RLM: Set API Key/);
    assert.ok(!refused.message.includes(key), 'the message does not show the key');
    const answer = await clients.sub.complete({ messages: [{ role: 'user', content: 'q' }] });
    assert.equal(answer.text, 'scripted answer');
    assert.equal(answer.attempts, 2);
    assert.deepEqual(retries, [1]);
  });

  it('lists an endpoint’s models for the model picker, and says why when it cannot', async () => {
    const listed = await listEndpointModels(server.url, 'not-needed', {});
    assert.equal(listed.problem, undefined);
    assert.ok(
      listed.models.includes('scripted-root') && listed.models.includes('scripted-sub'),
      listed.models.join(', '),
    );
    const closed = await ScriptedModelServer.start();
    const deadUrl = closed.url;
    await closed.close();
    const failed = await listEndpointModels(deadUrl, 'not-needed', {}, 2_000);
    assert.deepEqual(failed.models, []);
    assert.equal(failed.answered, false);
    assert.match(failed.problem ?? '', /connection refused/, 'a refused connection is reported in words');
  });

  it('checks the endpoint when it is configured: says what answered and what did not', async () => {
    const answered = await vscode.commands.executeCommand<EndpointListing | undefined>('rlm.configureModel', {
      provider: 'openai-compatible',
      baseUrl: server.url,
      model: 'scripted-root',
    });
    assert.equal(answered?.answered, true);
    assert.ok(answered?.models.includes('scripted-root'), 'the scripted server listed its models');
    const closed = await ScriptedModelServer.start();
    const deadUrl = closed.url;
    await closed.close();
    const refused = await vscode.commands.executeCommand<EndpointListing | undefined>('rlm.configureModel', {
      baseUrl: deadUrl,
    });
    assert.equal(refused?.answered, false);
    assert.match(refused?.problem ?? '', /connection refused/);
    // The URL is kept (its server may start later), and a question then fails at once naming it.
    assert.equal(vscode.workspace.getConfiguration('rlm.model').get('baseUrl'), deadUrl);
  });

  it('configures Ollama from the palette flow: preset, then the model name when the endpoint lists none', async () => {
    const running = Promise.resolve(vscode.commands.executeCommand('rlm.configureModel'));
    // The quick pick lists OpenAI, Azure OpenAI, OpenRouter, Ollama...: move to the fourth and accept it.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (let i = 0; i < 3; i++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    // Nothing listens on Ollama's port here, so after the listing fails an input box offers the suggested model:
    // accept until the command ends (accepting while nothing is open does nothing).
    let done = false;
    void running.finally(() => (done = true));
    await waitFor(
      'the command to finish',
      () => {
        if (!done) void vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        return done;
      },
      20_000,
    );
    await running;
    const config = vscode.workspace.getConfiguration('rlm.model');
    assert.equal(config.get('provider'), 'openai-compatible');
    assert.equal(config.get('baseUrl'), 'http://localhost:11434/v1');
    assert.equal(config.get('name'), 'qwen2.5-coder:7b');
    assert.deepEqual(await models().describe(), {
      provider: 'openai-compatible',
      label: 'qwen2.5-coder:7b at localhost:11434',
    });
  });

  it('says to run Configure Model when no endpoint is set and this VS Code has no language models', async () => {
    const available = (await vscode.lm?.selectChatModels()) ?? [];
    assert.equal(available.length, 0, 'this test expects a VS Code without language models (code-server has none)');
    const error = await notConfigured('configureModel');
    assert.match(error.message, /Configure Model/);
    assert.equal(await models().describe(), undefined);
  });

  it('says what to do when the provider is vscode-lm and no language model exists', async () => {
    await vscode.commands.executeCommand('rlm.configureModel', { provider: 'vscode-lm', model: 'gpt-4o' });
    const error = await notConfigured('configureModel');
    assert.match(error.message, /No VS Code language model is available/);
  });

  it('says to name a model when only the endpoint is set', async () => {
    await vscode.commands.executeCommand('rlm.configureModel', { baseUrl: server.url });
    const error = await notConfigured('configureModel');
    assert.match(error.message, /rlm\.model\.name/);
  });
});

/** Text of a LanguageModelChatMessage (its parts joined). */
function messageText(message: vscode.LanguageModelChatMessage): string {
  return message.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

interface FakeModelCalls {
  messages?: vscode.LanguageModelChatMessage[];
  token?: vscode.CancellationToken;
}

/** A LanguageModelChat as another extension would provide it: streams the chunks, or throws `failure`. */
function fakeChatModel(chunks: string[], calls: FakeModelCalls, failure?: Error): vscode.LanguageModelChat {
  async function* stream(token: vscode.CancellationToken): AsyncGenerator<string> {
    for (const chunk of chunks) {
      await new Promise((resolve) => setImmediate(resolve)); // chunks arrive on separate turns, as from a real model
      if (token.isCancellationRequested) throw new vscode.CancellationError();
      yield chunk;
    }
  }
  return {
    id: 'fake-model-id',
    name: 'Fake GPT',
    vendor: 'copilot',
    family: 'fake-family',
    version: '1',
    maxInputTokens: 100_000,
    sendRequest: async (
      messages: vscode.LanguageModelChatMessage[],
      _options: unknown,
      token: vscode.CancellationToken,
    ) => {
      calls.messages = messages;
      calls.token = token;
      if (failure) throw failure;
      const text = stream(token);
      return { text, stream: text };
    },
    countTokens: async (value: string | vscode.LanguageModelChatMessage) =>
      (typeof value === 'string' ? value : messageText(value)).length,
  } as unknown as vscode.LanguageModelChat;
}

describe('VscodeLmClient over a VS Code language model', () => {
  it('puts system messages into the first user message, streams deltas and counts tokens', async () => {
    const calls: FakeModelCalls = {};
    const client = new VscodeLmClient(fakeChatModel(['Hel', 'lo'], calls));
    assert.equal(client.model, 'fake-model-id');
    assert.equal(client.label, 'Copilot · Fake GPT');
    const deltas: { text: string; attempt: number }[] = [];
    const response = await client.complete({
      messages: [
        { role: 'system', content: 'You explore code.' },
        { role: 'user', content: 'Where is main?' },
        { role: 'assistant', content: 'Looking.' },
        { role: 'user', content: 'Go on.' },
      ],
      onDelta: (delta) => deltas.push(delta),
    });
    assert.equal(response.text, 'Hello');
    assert.deepEqual(deltas, [
      { text: 'Hel', attempt: 1 },
      { text: 'lo', attempt: 1 },
    ]);
    assert.equal(response.costUsd, undefined);
    assert.equal(response.usage.estimated, true);
    assert.equal(response.usage.outputTokens, 5);
    const sent = calls.messages ?? [];
    assert.deepEqual(
      sent.map((m) => m.role),
      [
        vscode.LanguageModelChatMessageRole.User,
        vscode.LanguageModelChatMessageRole.Assistant,
        vscode.LanguageModelChatMessageRole.User,
      ],
    );
    assert.match(
      messageText(sent[0]),
      /^<system-instructions>\nYou explore code\.\n<\/system-instructions>\n\nWhere is main\?$/,
    );
    assert.equal(
      response.usage.inputTokens,
      sent.reduce((sum, m) => sum + messageText(m).length, 0),
    );
  });

  it('cancels the request when the signal aborts', async () => {
    const calls: FakeModelCalls = {};
    const client = new VscodeLmClient(fakeChatModel(['a', 'b', 'c', 'd'], calls));
    const controller = new AbortController();
    const error = await client
      .complete({
        messages: [{ role: 'user', content: 'q' }],
        signal: controller.signal,
        onDelta: () => controller.abort(),
      })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    assert.ok(isLlmError(error), String(error));
    assert.equal(error.kind, 'aborted');
    assert.equal(calls.token?.isCancellationRequested, true);
  });

  it('turns LanguageModelError codes into typed errors that say what to do', async () => {
    const cases = [
      {
        failure: vscode.LanguageModelError.NoPermissions('consent denied'),
        kind: 'auth',
        action: 'configureModel',
        text: /allow access/,
      },
      {
        failure: vscode.LanguageModelError.Blocked('quota'),
        kind: 'unavailable',
        action: 'retry',
        text: /over its quota/,
      },
      {
        failure: vscode.LanguageModelError.NotFound('gone'),
        kind: 'bad-request',
        action: 'configureModel',
        text: /no longer available/,
      },
      { failure: new Error('socket hang up'), kind: 'unavailable', action: 'retry', text: /Try again/ },
    ];
    for (const { failure, kind, action, text } of cases) {
      const client = new VscodeLmClient(fakeChatModel([], {}, failure));
      const error = await client.complete({ messages: [{ role: 'user', content: 'q' }] }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      assert.ok(isLlmError(error), String(error));
      assert.equal(error.kind, kind, error.message);
      assert.deepEqual(modelErrorActions(error), [action]);
      assert.match(error.message, text);
      assert.match(error.message, /fake-model-id/);
    }
  });

  it('rethrows an exception of the caller’s onDelta unchanged', async () => {
    const client = new VscodeLmClient(fakeChatModel(['x'], {}));
    const mine = new RangeError('consumer broke');
    await assert.rejects(
      client.complete({
        messages: [{ role: 'user', content: 'q' }],
        onDelta: () => {
          throw mine;
        },
      }),
      (error) => error === mine,
    );
  });
});
