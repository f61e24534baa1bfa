import { afterEach, describe, expect, it } from 'vitest';
import { LlmContextLengthError } from '../../../src/core/llm/llmErrors';
import {
  defaultContextWindow,
  knownModelLimits,
  limitsFromModelEntry,
  resolveModelProfile,
} from '../../../src/core/llm/modelProfile';
import { OpenAiCompatibleClient } from '../../../src/core/llm/openAiCompatibleClient';
import { ScriptedModelServer } from '../../../src/testing/scriptedModelServer';

let server: ScriptedModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const noRetry = { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxTotalWaitMs: 10, jitter: 0 };

describe('model profiles', () => {
  it('reads each server’s own /models fields', () => {
    expect(
      limitsFromModelEntry({
        id: 'x',
        context_length: 131072,
        top_provider: { context_length: 65536, max_completion_tokens: 8192 },
      }),
    ).toEqual({ contextWindow: 131072, maxOutputTokens: 8192 }); // OpenRouter
    expect(limitsFromModelEntry({ id: 'x', max_model_len: 32768 })).toEqual({ contextWindow: 32768 }); // vLLM
    expect(limitsFromModelEntry({ id: 'x', meta: { n_ctx_train: 131072, n_vocab: 32000 } })).toEqual({
      contextWindow: 131072,
    }); // llama.cpp
    expect(limitsFromModelEntry({ id: 'x', max_context_length: 32768, loaded_context_length: 4096 })).toEqual({
      contextWindow: 4096,
    }); // LM Studio
    expect(limitsFromModelEntry({ id: 'x', owned_by: 'library' })).toEqual({}); // Ollama says nothing
    expect(limitsFromModelEntry({ id: 'x', context_length: 'lots', max_model_len: -1 })).toEqual({});
    expect(limitsFromModelEntry(null)).toEqual({});
  });

  it('knows common families by name, with vendor prefixes, Ollama tags and dated snapshots', () => {
    expect(knownModelLimits('gpt-4o-mini-2024-07-18')?.contextWindow).toBe(128_000);
    expect(knownModelLimits('openai/gpt-4.1')?.contextWindow).toBe(1_047_576);
    expect(knownModelLimits('qwen2.5-coder:7b')?.contextWindow).toBe(32_768);
    expect(knownModelLimits('Qwen/Qwen2.5-Coder-7B-Instruct')?.contextWindow).toBe(32_768);
    expect(knownModelLimits('llama3.1:8b')?.contextWindow).toBe(131_072);
    expect(knownModelLimits('meta-llama/Meta-Llama-3-8B-Instruct')?.contextWindow).toBe(8_192);
    expect(knownModelLimits('anthropic/claude-3.5-sonnet')?.contextWindow).toBe(200_000);
    expect(knownModelLimits('o4-mini')?.contextWindow).toBe(200_000);
    expect(knownModelLimits('my-finetune')).toBeUndefined();
  });

  it('lets the setting win over the endpoint, the endpoint over the table, and falls back to a safe default', () => {
    expect(
      resolveModelProfile('gpt-4o', { setting: { contextWindow: 10_000 }, endpoint: { contextWindow: 20_000 } }),
    ).toMatchObject({ contextWindow: 10_000, source: 'setting', maxOutputTokens: 16_384 });
    expect(resolveModelProfile('gpt-4o', { endpoint: { contextWindow: 20_000, maxOutputTokens: 999 } })).toMatchObject({
      contextWindow: 20_000,
      source: 'endpoint',
      maxOutputTokens: 999,
    });
    expect(resolveModelProfile('gpt-4o')).toMatchObject({ contextWindow: 128_000, source: 'table' });
    expect(resolveModelProfile('my-finetune')).toEqual({
      model: 'my-finetune',
      contextWindow: defaultContextWindow,
      source: 'default',
    });
  });

  it('asks the endpoint’s /v1/models, and the contextWindow setting overrides it', async () => {
    server = await ScriptedModelServer.start([], {
      models: ['other-model'],
      modelMetadata: { 'local-model': { max_model_len: 4096 } },
    });
    const client = new OpenAiCompatibleClient({ baseUrl: server.url, model: 'local-model' });
    expect(await client.modelProfile()).toEqual({ model: 'local-model', contextWindow: 4096, source: 'endpoint' });
    const overridden = new OpenAiCompatibleClient({ baseUrl: server.url, model: 'local-model', contextWindow: 16_384 });
    expect(await overridden.modelProfile()).toMatchObject({ contextWindow: 16_384, source: 'setting' });
    const unlisted = new OpenAiCompatibleClient({ baseUrl: server.url, model: 'qwen2.5-coder:7b' });
    expect(await unlisted.modelProfile()).toMatchObject({ contextWindow: 32_768, source: 'table' });
  });

  it('a server that lists one model (llama.cpp) serves it under any name', async () => {
    server = await ScriptedModelServer.start([], { modelMetadata: { 'model.gguf': { meta: { n_ctx_train: 4096 } } } });
    const client = new OpenAiCompatibleClient({ baseUrl: server.url, model: 'whatever' });
    expect(await client.modelProfile()).toMatchObject({ contextWindow: 4096, source: 'endpoint' });
  });

  it('an unreachable /models leaves the table and the default', async () => {
    const client = new OpenAiCompatibleClient({
      baseUrl: 'http://127.0.0.1:9/v1',
      model: 'my-finetune',
      timeoutMs: 2_000,
    });
    expect(await client.modelProfile()).toMatchObject({ contextWindow: defaultContextWindow, source: 'default' });
  });
});

describe('context-length errors in each endpoint’s wording', () => {
  const cases: { name: string; status: number; message: string; window?: number; requested?: number }[] = [
    {
      name: 'vLLM',
      status: 400,
      message:
        "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens (4904 in the messages, 4096 in the completion). Please reduce the length of the messages or completion.",
      window: 8192,
      requested: 9000,
    },
    {
      name: 'OpenAI',
      status: 400,
      message:
        "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens. Please reduce the length of the messages.",
      window: 128000,
      requested: 130512,
    },
    { name: 'llama.cpp', status: 400, message: 'the request exceeds the available context size, try increasing it' },
    { name: 'Ollama', status: 500, message: 'input length exceeds the context length' },
    {
      name: 'LM Studio',
      status: 400,
      message:
        'Trying to keep the first 6000 tokens when context the overflows. However, the model is loaded with context length of only 4096 tokens, which is not enough. Try to load the model with a larger context length, or provide a shorter input',
      window: 4096,
      requested: 6000,
    },
    {
      name: 'Anthropic via a proxy',
      status: 400,
      message: 'prompt is too long: 210000 tokens > 200000 maximum',
      window: 200000,
      requested: 210000,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: a typed error with the sizes it states, never retried`, async () => {
      server = await ScriptedModelServer.start([{ status: c.status, errorMessage: c.message }]);
      const client = new OpenAiCompatibleClient({
        baseUrl: server.url,
        model: 'm',
        retry: { ...noRetry, maxAttempts: 3 },
      });
      const error = await client.complete({ messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LlmContextLengthError);
      expect((error as LlmContextLengthError).contextWindow).toBe(c.window);
      expect((error as LlmContextLengthError).requestedTokens).toBe(c.requested);
      expect(server.requests).toHaveLength(1);
    });
  }
});
