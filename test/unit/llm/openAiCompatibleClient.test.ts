import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { RetryNotice, StreamDelta } from '../../../src/core/llm/llmClient';
import type { RateLimitQuestion } from '../../../src/core/llm/rateLimitWait';
import {
  LlmAbortedError,
  LlmAuthError,
  LlmBadRequestError,
  LlmContextLengthError,
  LlmUnavailableError,
  LlmUnreachableError,
} from '../../../src/core/llm/llmErrors';
import { OpenAiCompatibleClient, type OpenAiCompatibleSettings } from '../../../src/core/llm/openAiCompatibleClient';
import { ScriptedModelServer } from '../../../src/testing/scriptedModelServer';
import type { ScriptRule } from '../../../src/testing/scriptRules';

let server: ScriptedModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(
  rules: ScriptRule[],
  settings: Partial<OpenAiCompatibleSettings> = {},
): Promise<{ client: OpenAiCompatibleClient; retries: RetryNotice[]; server: ScriptedModelServer }> {
  server = await ScriptedModelServer.start(rules);
  const retries: RetryNotice[] = [];
  const client = new OpenAiCompatibleClient(
    {
      baseUrl: server.url,
      model: 'gpt-4o-mini',
      retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 50, maxTotalWaitMs: 10_000, jitter: 0.5 },
      ...settings,
    },
    { onRetry: (n) => retries.push(n) },
  );
  return { client, retries, server };
}

const ask = [{ role: 'user' as const, content: 'What does main.ts do?' }];
/** A reply that never comes: the test, not a timer, decides when the request ends. */
const neverAnswers = (): Promise<string> => new Promise<string>(() => undefined);

describe('OpenAiCompatibleClient over real HTTP', () => {
  it("removes its own key from an endpoint's error text before the text is cut, so no piece of it is left", async () => {
    const apiKey = 'sk-live-0123456789abcdefghijklmnopqrstuvwxyz';
    // Cut at 300 characters, the echoed key would leave its first 4 characters: too few to recognise afterwards.
    const echo = `${'x'.repeat(296)}${apiKey} is not a valid key`;
    const { client } = await setup([{ status: 401, errorMessage: echo }], { apiKey });
    const failure = await client.complete({ messages: ask }).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toMatch(/refused the request/);
    expect(failure?.message).not.toContain('sk-l');
    expect(failure?.message).toContain('x***');
  });

  it('returns a whole reply with the endpoint usage and its cost from the pricing table', async () => {
    const { client } = await setup([
      {
        match: { lastUser: 'main.ts' },
        reply: 'It starts the CLI.',
        usage: { promptTokens: 1000, completionTokens: 500 },
      },
    ]);
    const response = await client.complete({ messages: ask });
    expect(response.text).toBe('It starts the CLI.');
    expect(response.usage).toEqual({ inputTokens: 1000, outputTokens: 500, estimated: false });
    expect(response.costUsd).toBeCloseTo((1000 * 0.15 + 500 * 0.6) / 1e6, 12);
    expect(response.attempts).toBe(1);
    expect(server!.requests[0].stream).toBe(false);
  });

  it('streams deltas and reads usage from the include_usage chunk', async () => {
    const reply = 'A streamed answer that spans several chunks of sixteen characters.';
    const { client } = await setup([{ reply, usage: { promptTokens: 12, completionTokens: 34 } }]);
    const deltas: StreamDelta[] = [];
    const response = await client.complete({
      messages: ask,
      onDelta: (d) => deltas.push(d),
      temperature: 0.2,
      maxTokens: 64,
    });
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.map((d) => d.text).join('')).toBe(reply);
    expect(response.text).toBe(reply);
    expect(response.usage).toEqual({ inputTokens: 12, outputTokens: 34, estimated: false });
    const seen = server!.requests[0];
    expect(seen.stream).toBe(true);
    expect(seen.includeUsage).toBe(true);
    expect(seen.body.temperature).toBe(0.2);
    expect(seen.body.max_tokens).toBe(64);
  });

  it('estimates tokens with a tokenizer when the endpoint sends no usage, and leaves an unknown model unpriced', async () => {
    const { client } = await setup([{ reply: 'hello there, general', usage: null }], { model: 'llama3.1:8b' });
    for (const onDelta of [undefined, (): void => {}]) {
      const response = await client.complete({ messages: ask, onDelta });
      expect(response.usage.estimated).toBe(true);
      expect(response.usage.inputTokens).toBeGreaterThan(5);
      expect(response.usage.outputTokens).toBeGreaterThanOrEqual(3);
      expect(response.costUsd).toBeUndefined();
    }
    // The engine reserves a call's worst case at this price: none for an unknown model, the table's for a known one.
    expect(client.price()).toBeUndefined();
    expect(client.price('openai/gpt-4o-mini-2024-07-18')).toEqual({
      inputUsdPerMillion: 0.15,
      outputUsdPerMillion: 0.6,
    });
  });

  it('honours Retry-After on a 429, then succeeds', async () => {
    const { client, retries } = await setup([
      { status: 429, retryAfter: 1, errorMessage: 'slow down', times: 1 },
      { reply: 'ok' },
    ]);
    const response = await client.complete({ messages: ask });
    expect(response.text).toBe('ok');
    expect(response.attempts).toBe(2);
    expect(retries).toHaveLength(1);
    expect(retries[0].delayMs).toBeGreaterThanOrEqual(1000);
    expect(retries[0].reason).toContain('429');
    expect(server!.requests[1].receivedAt - server!.requests[0].receivedAt).toBeGreaterThanOrEqual(
      retries[0].delayMs - 1,
    );
  });

  it('gives up on repeated 500s after maxAttempts with a typed error, and the openai package adds no retries of its own', async () => {
    const { client, retries } = await setup([{ status: 500, errorMessage: 'boom' }]);
    const error = await client.complete({ messages: ask }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmUnavailableError);
    expect((error as LlmUnavailableError).attempts).toBe(4);
    expect((error as LlmUnavailableError).status).toBe(500);
    expect((error as Error).message).toMatch(/did not answer after 4 attempt\(s\).*HTTP 500: boom/);
    expect((error as Error).message).toContain(server!.url); // the person sees which endpoint failed
    expect(server!.requests).toHaveLength(4);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3]);
  });

  it('fails at once when a Retry-After would pass the total wait cap', async () => {
    const { client } = await setup([{ status: 503, retryAfter: 120 }]);
    const error = await client.complete({ messages: ask }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmUnavailableError);
    expect((error as Error).message).toContain('it asks to wait 120 s more, past the 10 s a call may wait');
    expect((error as LlmUnavailableError).nextWaitMs).toBe(120_000);
    expect(server!.requests).toHaveLength(1);
  });

  it("says in a person's words that the endpoint kept rate-limiting past the wait the user allows, with no millisecond figures", async () => {
    // Retry-After: 1 s twice fills the 2 s the user allows; a third wait would pass it, and nobody can be asked.
    const { client, retries } = await setup([{ status: 429, retryAfter: 1, errorMessage: 'slow down' }], {
      retry: {
        maxAttempts: 5,
        baseDelayMs: 5,
        maxDelayMs: 50,
        maxTotalWaitMs: 60_000,
        maxRateLimitWaitMs: 2_000,
        jitter: 0,
      },
    });
    const error = await client.complete({ messages: ask }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmUnavailableError);
    expect(retries.map((r) => r.status)).toEqual([429, 429]);
    expect((error as Error).message).toBe(
      `The endpoint at ${server!.url} is rate-limiting model "gpt-4o-mini" after waiting 2 s and asks to wait 1 s more, ` +
        'longer than the 2 s you allow a call to wait for a rate limit, so the run did not wait. ' +
        'Ask again in a minute, allow longer waits (VS Code: rlm.model.maxRateLimitWaitSeconds; CLI: --max-rate-limit-wait), or use another model.',
    );
    expect((error as Error).message).not.toMatch(/\bms\b/);
    expect(server!.requests).toHaveLength(3);
  });

  describe('a rate limit that asks to wait longer than the user allows', () => {
    const rateLimited = (retryAfter: number, times = 1): ScriptRule[] => [
      { status: 429, retryAfter, errorMessage: 'rate limit reached', times },
      { reply: 'ok after the wait' },
    ];
    const allowNone = {
      retry: {
        maxAttempts: 3,
        baseDelayMs: 5,
        maxDelayMs: 50,
        maxTotalWaitMs: 60_000,
        maxRateLimitWaitMs: 0,
        jitter: 0,
      },
    };

    it('asks, and after "wait" waits the endpoint\'s Retry-After and goes on', async () => {
      server = await ScriptedModelServer.start(rateLimited(1));
      const questions: RateLimitQuestion[] = [];
      const client = new OpenAiCompatibleClient(
        { baseUrl: server.url, model: 'gpt-4o-mini', ...allowNone },
        {
          askRateLimitWait: async (question) => {
            questions.push(question);
            return 'wait';
          },
        },
      );
      const response = await client.complete({ messages: ask });
      expect(response.text).toBe('ok after the wait');
      expect(questions).toEqual([{ model: 'gpt-4o-mini', waitMs: 1000, waitedMs: 0, maxWaitMs: 0 }]);
      expect(server.requests[1].receivedAt - server.requests[0].receivedAt).toBeGreaterThanOrEqual(999);
    });

    it('after "stop" sends nothing more and fails as cancelled, without waiting', async () => {
      server = await ScriptedModelServer.start(rateLimited(3600));
      const client = new OpenAiCompatibleClient(
        { baseUrl: server.url, model: 'gpt-4o-mini', ...allowNone },
        { askRateLimitWait: async () => 'stop' },
      );
      const error = await client.complete({ messages: ask }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LlmAbortedError);
      expect(server.requests).toHaveLength(1);
    });

    it('a "wait" covers that one wait: the next long wait is asked about again', async () => {
      server = await ScriptedModelServer.start(rateLimited(1, 2));
      let asked = 0;
      const client = new OpenAiCompatibleClient(
        { baseUrl: server.url, model: 'gpt-4o-mini', ...allowNone },
        {
          askRateLimitWait: async () => (++asked === 1 ? 'wait' : 'stop'),
        },
      );
      const error = await client.complete({ messages: ask }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LlmAbortedError);
      expect(asked).toBe(2);
      expect(server.requests).toHaveLength(2);
    });

    it('Stop ends a call whose question nobody answers', async () => {
      server = await ScriptedModelServer.start(rateLimited(3600));
      const controller = new AbortController();
      const client = new OpenAiCompatibleClient(
        { baseUrl: server.url, model: 'gpt-4o-mini', ...allowNone },
        {
          askRateLimitWait: () => {
            controller.abort(new Error('stopped by the user'));
            return new Promise<'wait'>(() => undefined);
          },
        },
      );
      const error = await client.complete({ messages: ask, signal: controller.signal }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LlmAbortedError);
      expect(server.requests).toHaveLength(1);
    });

    it('waits without asking when the wait fits what the user allows', async () => {
      server = await ScriptedModelServer.start(rateLimited(1));
      let asked = 0;
      const client = new OpenAiCompatibleClient(
        { baseUrl: server.url, model: 'gpt-4o-mini', retry: { maxRateLimitWaitMs: 5_000 } },
        { askRateLimitWait: async () => (asked++, 'stop') },
      );
      expect((await client.complete({ messages: ask })).text).toBe('ok after the wait');
      expect(asked).toBe(0);
    });
  });

  it('fails at once, naming the URL, when nothing listens at the base URL (connection refused)', async () => {
    // A real port that was just closed: connecting to it is refused.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve, reject) => closed.close((error) => (error ? reject(error) : resolve())));
    const baseUrl = `http://127.0.0.1:${port}/v1`;
    const retries: RetryNotice[] = [];
    const client = new OpenAiCompatibleClient({ baseUrl, model: 'm' }, { onRetry: (n) => retries.push(n) });
    const error = await client.complete({ messages: ask }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmUnreachableError);
    expect((error as LlmUnreachableError).kind).toBe('unreachable');
    expect((error as Error).message).toMatch(
      new RegExp(`Could not reach the model endpoint ${baseUrl.replace(/[.:/]/g, '\\$&')} \\(connection refused`),
    );
    expect((error as Error).message).toMatch(/RLM: Configure Model/);
    expect(retries).toEqual([]); // the default policy's five attempts were not spent on it
  });

  it('fails at once on a host name that does not resolve', async () => {
    const client = new OpenAiCompatibleClient(
      { baseUrl: 'http://no-such-host.invalid/v1', model: 'm' },
      {
        onRetry: () => {
          throw new Error('retried');
        },
      },
    );
    const error = await client.complete({ messages: ask }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmUnreachableError);
    expect((error as Error).message).toContain('http://no-such-host.invalid/v1 (unknown host name)');
  });

  it.each([
    [401, LlmAuthError, /RLM_API_KEY/],
    [403, LlmAuthError, /access to this model/],
    [400, LlmBadRequestError, /Check the model name/],
    [404, LlmBadRequestError, /base URL/],
  ])('does not retry HTTP %i and says what to do', async (status, type, advice) => {
    const { client } = await setup([{ status, errorMessage: 'nope' }]);
    const error = await client.complete({ messages: ask }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(advice);
    expect((error as Error).message).toContain('nope');
    expect(server!.requests).toHaveLength(1);
  });

  it('turns a context-length error into its own type, unretried, streamed or not', async () => {
    const { client } = await setup([
      {
        status: 400,
        errorCode: 'context_length_exceeded',
        errorMessage: "This model's maximum context length is 8192 tokens.",
      },
    ]);
    for (const onDelta of [undefined, (): void => {}]) {
      const error = await client.complete({ messages: ask, onDelta }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LlmContextLengthError);
      expect((error as Error).message).toMatch(/too long.*Read less at once/);
    }
    expect(server!.requests).toHaveLength(2);
  });

  it('retries a stream cut halfway, tagging deltas with their attempt', async () => {
    const reply = 'The first attempt of this reply is cut after two chunks.';
    const { client, retries } = await setup([{ reply, cutAfterChunks: 2, times: 1 }, { reply }]);
    const deltas: StreamDelta[] = [];
    const response = await client.complete({ messages: ask, onDelta: (d) => deltas.push(d) });
    expect(response.text).toBe(reply);
    expect(response.attempts).toBe(2);
    expect(retries[0].reason).toMatch(/network error|broken response|without a finish reason/);
    expect(
      deltas
        .filter((d) => d.attempt === 1)
        .map((d) => d.text)
        .join(''),
    ).toBe(reply.slice(0, 32));
    expect(
      deltas
        .filter((d) => d.attempt === 2)
        .map((d) => d.text)
        .join(''),
    ).toBe(reply);
  });

  it('retries a malformed chunk', async () => {
    const { client, retries } = await setup([
      { reply: 'abcdefghijklmnopqrstuvwxyz0123456789', malformedAfterChunks: 1, times: 1 },
      { reply: 'clean' },
    ]);
    const response = await client.complete({ messages: ask, onDelta: () => {} });
    expect(response.text).toBe('clean');
    expect(retries[0].reason).toMatch(/broken response/);
  });

  it('times out a slow attempt, aborting its HTTP request, and retries', async () => {
    const { client, retries } = await setup([{ reply: neverAnswers, times: 1 }, { reply: 'on time' }], {
      timeoutMs: 300,
    });
    const response = await client.complete({ messages: ask });
    expect(response.text).toBe('on time');
    expect(retries[0].reason).toContain('timed out');
    await expect.poll(() => server!.requests[0].clientAborted).toBe(true);
  });

  it('cancels a call in flight and a wait between retries', async () => {
    const { client } = await setup([{ reply: neverAnswers }]);
    const controller = new AbortController();
    const pending = client.complete({ messages: ask, signal: controller.signal }).catch((e: unknown) => e);
    await expect.poll(() => server!.requests.length).toBe(1); // the request is at the endpoint: cancel it there
    controller.abort();
    expect(await pending).toBeInstanceOf(LlmAbortedError);
    await expect.poll(() => server!.requests[0].clientAborted).toBe(true);

    const busy = await ScriptedModelServer.start([{ status: 503, errorMessage: 'busy' }]);
    const waiting = new AbortController();
    const retry = { maxAttempts: 5, baseDelayMs: 10_000, maxDelayMs: 10_000, maxTotalWaitMs: 60_000, jitter: 0 };
    // Cancelled as soon as the 10 s wait before the second attempt begins.
    const slow = new OpenAiCompatibleClient(
      { baseUrl: busy.url, model: 'm', retry },
      { onRetry: () => waiting.abort() },
    );
    await expect(
      slow.complete({ messages: ask, signal: waiting.signal }).finally(() => busy.close()),
    ).rejects.toBeInstanceOf(LlmAbortedError);
  });

  it('rethrows an exception from the caller’s onDelta without retrying', async () => {
    const { client } = await setup([{ reply: 'some text here' }]);
    const mine = new Error('consumer failed');
    await expect(
      client.complete({
        messages: ask,
        onDelta: () => {
          throw mine;
        },
      }),
    ).rejects.toBe(mine);
    expect(server!.requests).toHaveLength(1);
  });

  it('sends extra headers and the key, uses max_completion_tokens when configured, and serves /v1/models', async () => {
    const { client } = await setup([{ match: { model: 'gpt-5-mini' }, reply: 'fine' }], {
      model: 'gpt-5-mini',
      apiKey: 'sk-test',
      headers: { 'x-team': 'rlm' },
      maxTokensParameter: 'max_completion_tokens',
    });
    await client.complete({ messages: ask, maxTokens: 10 });
    const seen = server!.requests[0];
    expect(seen.headers['x-team']).toBe('rlm');
    expect(seen.headers.authorization).toBe('Bearer sk-test');
    expect(seen.body.max_completion_tokens).toBe(10);
    expect(seen.body.max_tokens).toBeUndefined();
    const models = await new OpenAI({ baseURL: server!.url, apiKey: 'x' }).models.list();
    expect(models.data.map((m) => m.id)).toEqual(['gpt-5-mini']);
  });
});
