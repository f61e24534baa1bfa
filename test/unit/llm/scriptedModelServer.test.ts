import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { ScriptedModelServer } from '../../../src/testing/scriptedModelServer';
import { parseScript } from '../../../src/testing/scriptRules';

let server: ScriptedModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const client = (url: string): OpenAI => new OpenAI({ baseURL: url, apiKey: 'x', maxRetries: 0, logLevel: 'off' });

describe('scripted model server', () => {
  it('matches rules in order on model, last user message, any message and system, with one-shot rules used up', async () => {
    server = await ScriptedModelServer.start([
      { name: 'once', match: { lastUser: /^hello/i }, reply: 'first hello', times: 1 },
      { name: 'sub', match: { model: 'sub-model' }, reply: 'from the sub-model' },
      { name: 'sys', match: { system: 'REPL', anyMessage: 'marker' }, reply: 'system matched' },
      { name: 'echo', reply: (request) => `echo: ${request.messages.at(-1)?.content}` },
    ]);
    const openai = client(server.url);
    const say = async (content: string, model = 'root', system?: string): Promise<string> => {
      const messages = [
        ...(system ? [{ role: 'system' as const, content: system }] : []),
        { role: 'user' as const, content },
      ];
      const completion = await openai.chat.completions.create({ model, messages });
      return completion.choices[0].message.content ?? '';
    };
    expect(await say('Hello there')).toBe('first hello');
    expect(await say('Hello again')).toBe('echo: Hello again');
    expect(await say('anything', 'sub-model')).toBe('from the sub-model');
    expect(await say('with marker', 'root', 'You write REPL code')).toBe('system matched');
    expect(await say('plain', 'root', 'You write REPL code')).toBe('echo: plain');
    expect(server.usage()).toEqual({ once: 1, sub: 1, sys: 1, echo: 2 });
    expect(server.requests.map((r) => r.rule)).toEqual(['once', 'echo', 'sub', 'sys', 'echo']);
    for (const r of server.requests) expect(r.endedAt).toBeGreaterThanOrEqual(r.receivedAt);
  });

  it('answers an unmatched request with a 400 that names the request', async () => {
    server = await ScriptedModelServer.start([{ match: { model: 'only-this' }, reply: 'x' }]);
    const error = await client(server.url)
      .chat.completions.create({ model: 'other', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain('no rule matches model "other"');
  });

  it('delays the first byte and each chunk as scripted, and sends the usage chunk only when asked', async () => {
    server = await ScriptedModelServer.start([
      { reply: 'x'.repeat(64), delayMs: 100, chunkDelayMs: 20, usage: { promptTokens: 1, completionTokens: 2 } },
    ]);
    const openai = client(server.url);
    for (const includeUsage of [true, false]) {
      const stream = await openai.chat.completions.create({
        model: 'm',
        messages: [{ role: 'user', content: 'go' }],
        stream: true,
        ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
      });
      const usages = [];
      for await (const chunk of stream) if (chunk.usage) usages.push(chunk.usage);
      expect(usages).toEqual(includeUsage ? [{ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 }] : []);
    }
    const [first] = server.requests;
    expect(first.firstByteAt! - first.receivedAt).toBeGreaterThanOrEqual(99);
    expect(first.endedAt! - first.firstByteAt!).toBeGreaterThanOrEqual(3 * 20 - 1);
    // One send time per content chunk, in order, and the same record over the control route.
    expect(first.chunksSentAt).toHaveLength(4);
    expect([...first.chunksSentAt].sort((a, b) => a - b)).toEqual(first.chunksSentAt);
    const seen = (await (await fetch(server.url.replace(/\/v1$/, '/v1/__scripted/requests'))).json()) as {
      requests: { seq: number; chunksSentAt: number[] }[];
    };
    expect(seen.requests.map((r) => r.seq)).toEqual([0, 1]);
    expect(seen.requests[0].chunksSentAt).toEqual(first.chunksSentAt);
  });

  it('parses a JSON script with regex matchers and rejects malformed ones with the rule index', () => {
    const rules = parseScript({
      rules: [
        { match: { lastUser: { regex: 'auth.*flow', flags: 'i' }, model: 'm' }, reply: 'a' },
        { status: 429, retryAfter: 1 },
      ],
    });
    expect(rules[0].match?.lastUser).toEqual(/auth.*flow/i);
    expect(rules[0].match?.model).toBe('m');
    expect(rules[1].status).toBe(429);
    expect(() => parseScript([{ match: { lastUser: 3 } }])).toThrow(/Rule #0: match.lastUser/);
    expect(() => parseScript({ nope: true })).toThrow(/array of rules/);
  });

  it('runs from a bundled main with a JSON script and prints its URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scripted-'));
    try {
      const outfile = join(dir, 'scriptedModelServer.js');
      await build({
        entryPoints: ['src/testing/scriptedModelServerMain.ts'],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        outfile,
        logLevel: 'silent',
      });
      const scriptFile = join(dir, 'script.json');
      writeFileSync(scriptFile, JSON.stringify([{ match: { lastUser: { regex: '^ping$' } }, reply: 'pong' }]));
      const child = spawn(process.execPath, [outfile, scriptFile], { stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        const url = await new Promise<string>((resolve, reject) => {
          createInterface({ input: child.stdout! }).once('line', resolve);
          child.once('exit', (code) => reject(new Error(`exited ${code}`)));
        });
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
        const completion = await client(url).chat.completions.create({
          model: 'any',
          messages: [{ role: 'user', content: 'ping' }],
        });
        expect(completion.choices[0].message.content).toBe('pong');
      } finally {
        child.kill('SIGTERM');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
