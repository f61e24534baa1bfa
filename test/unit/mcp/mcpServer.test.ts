/**
 * `rlm mcp` as an MCP client sees it: the built CLI started as a process by the SDK's stdio transport, its model calls
 * going over HTTP to the scripted server (directly, or through the client's sampling handler).
 */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  CallToolResultSchema,
  CreateMessageRequestSchema,
  McpError,
  type CallToolResult,
  type CreateMessageRequest,
} from '@modelcontextprotocol/sdk/types.js';
import OpenAI from 'openai';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptedModelServer } from '../../../src/testing/scriptedModelServer';
import type { ScriptRule } from '../../../src/testing/scriptRules';
import { cli, cliBuilt, cliMissing, js, startAskFixture } from '../cli/askProcess';

let repo: string | undefined;
let server: ScriptedModelServer | undefined;
let client: Client | undefined;
let stderr = '';
/** Replies the tests hold back (a model that has not answered yet), released when the test ends. */
const pending: (() => void)[] = [];

beforeAll(() => {
  expect(cliBuilt(), cliMissing).toBe(true);
});
afterEach(async () => {
  for (const release of pending.splice(0)) release();
  await client?.close();
  client = undefined;
  await server?.close();
  server = undefined;
  if (repo) rmSync(repo, { recursive: true, force: true });
  repo = undefined;
  stderr = '';
});

type SamplingHandler = (
  request: CreateMessageRequest,
) => Promise<{ model: string; role: 'assistant'; content: { type: 'text'; text: string }; stopReason?: string }>;

/** Starts `rlm mcp` in a copy of the fixture repo; `endpoint: false` leaves the model env unset. */
async function connect(
  rules: ScriptRule[],
  options: { endpoint?: boolean; env?: Record<string, string>; sampling?: SamplingHandler } = {},
): Promise<Client> {
  const fixture = await startAskFixture(rules, 'rlm-mcp-');
  ({ repo, server } = fixture);
  const env = { PATH: process.env.PATH ?? '', ...(options.endpoint === false ? {} : fixture.env), ...options.env };
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cli, 'mcp'],
    cwd: repo,
    env,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  client = new Client(
    { name: 'rlm-test-agent', version: '1.0.0' },
    { capabilities: options.sampling ? { sampling: {} } : {} },
  );
  if (options.sampling) client.setRequestHandler(CreateMessageRequestSchema, (request) => options.sampling!(request));
  await client.connect(transport);
  return client;
}

async function call(
  name: string,
  args: Record<string, unknown>,
  options: Parameters<Client['callTool']>[2] = {},
): Promise<CallToolResult> {
  return (await client!.callTool({ name, arguments: args }, CallToolResultSchema, options)) as CallToolResult;
}

const text = (result: CallToolResult): string => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');

function runLogEvents(): { type: string; reason?: string }[] {
  const dir = join(repo!, '.cache/rlm/runs');
  if (!existsSync(dir)) return [];
  const [file] = readdirSync(dir);
  if (!file) return [];
  return readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { type: string; reason?: string });
}

describe('rlm mcp (built CLI over stdio, SDK client)', () => {
  it('lists the six tools with input and output schemas and answers each free tool from the fixture repo', async () => {
    await connect([]);
    const { tools } = await client!.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'rlm_explore',
      'rlm_files',
      'rlm_find_symbol',
      'rlm_read',
      'rlm_search',
      'rlm_trace',
    ]);
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
      expect(tool.description!.length).toBeGreaterThan(80);
    }
    expect(tools.find((t) => t.name === 'rlm_search')?.annotations?.readOnlyHint).toBe(true);
    expect(tools.find((t) => t.name === 'rlm_explore')?.annotations?.readOnlyHint).toBe(false);

    const found = await call('rlm_find_symbol', { name: 'add', kind: 'function' });
    expect(found.isError).toBeFalsy();
    expect(found.structuredContent).toMatchObject({
      symbols: [{ name: 'add', kind: 'function', at: 'src/lib/math.ts:2' }],
    });
    expect(text(found)).toContain('src/lib/math.ts:2  function add');

    const callers = await call('rlm_trace', { target: 'add', direction: 'callers', depth: 1 });
    expect(text(callers)).toMatch(/main -> add {2}src\/app\.ts:14 {2}\[import\]/);
    expect(callers.structuredContent).toMatchObject({
      edges: expect.arrayContaining([{ from: 'Calc.sum', to: 'add', at: 'src/lib/math.ts:8', confidence: 'exact' }]),
    });

    const imports = await call('rlm_trace', { target: 'src/lib/math.ts', direction: 'imports' });
    expect(text(imports)).toMatch(/src\/app\.ts -> src\/lib\/math\.ts {2}src\/app\.ts:\d+ {2}\[import\]/);

    const search = await call('rlm_search', { pattern: 'function add\\(', glob: 'src/**' });
    expect(search.structuredContent).toMatchObject({
      matches: [{ file: 'src/lib/math.ts', line: 2 }],
      truncated: false,
    });

    const read = await call('rlm_read', { path: 'src/lib/math.ts', startLine: 2, endLine: 3 });
    expect(read.structuredContent).toMatchObject({ file: 'src/lib/math.ts', startLine: 2, endLine: 3 });
    expect(text(read)).toContain('2| export function add');

    const files = await call('rlm_files', { glob: 'src/lib/*.ts' });
    expect(files.structuredContent).toMatchObject({
      files: ['src/lib/helper.ts', 'src/lib/index.ts', 'src/lib/math.ts'],
      total: 3,
      omitted: 0,
    });
  });

  it('keeps one symbol index for its life and sees files the agent adds, edits and deletes between calls', async () => {
    await connect([]);
    const at = async (name: string): Promise<string[]> => {
      const found = await call('rlm_find_symbol', { name, kind: 'function' });
      expect(found.isError, text(found)).toBeFalsy();
      const { symbols } = found.structuredContent as { symbols: { at: string }[] };
      return symbols.map((s) => s.at).filter((at) => at.startsWith('src/lib/'));
    };
    expect(await at('add')).toEqual(['src/lib/math.ts:2']);
    writeFileSync(join(repo!, 'src/lib/fresh.ts'), 'export function brandNewHelper(): number {\n  return 1;\n}\n');
    expect(await at('brandNewHelper')).toEqual(['src/lib/fresh.ts:1']);
    const math = join(repo!, 'src/lib/math.ts');
    writeFileSync(math, `// moved down\n// by two lines\n${readFileSync(math, 'utf8')}`);
    expect(await at('add')).toEqual(['src/lib/math.ts:4']);
    rmSync(join(repo!, 'src/lib/fresh.ts'));
    expect(await at('brandNewHelper')).toEqual([]);
    // Loaded once, then refreshed per call: the server logs the index as ready only when it first loads it.
    expect(stderr.match(/symbol index: \d+ files ready/g)).toHaveLength(1);
  });

  it('refuses malformed arguments and unknown tools with MCP errors and keeps serving', async () => {
    await connect([]);
    writeFileSync(join(repo!, '.env'), 'API_KEY=sk-secret-in-dotenv\n');
    const bad: [string, Record<string, unknown>, RegExp][] = [
      ['rlm_search', { pattern: 42 }, /Invalid arguments for tool rlm_search/],
      ['rlm_search', { pattern: '(?=lookahead)' }, /lookaround|RE2|not supported/i],
      ['rlm_trace', { target: 'add', depth: 99 }, /Invalid arguments for tool rlm_trace/],
      ['rlm_explore', {}, /Invalid arguments for tool rlm_explore/],
      ['rlm_explore', { question: 'x'.repeat(5000) }, /Invalid arguments for tool rlm_explore/],
      ['rlm_read', { path: '../../etc/passwd' }, /outside|not in the workspace|workspace/i],
      ['rlm_read', { path: '.env' }, /secret/i],
      ['rlm_nope', {}, /Tool rlm_nope not found/],
    ];
    for (const [name, args, message] of bad) {
      const result = await call(name, args);
      expect(result.isError, `${name} ${JSON.stringify(args).slice(0, 60)}`).toBe(true);
      expect(text(result)).toMatch(message);
    }
    expect(text(await call('rlm_search', { pattern: 'sk-secret' }))).toBe('No match for /sk-secret/.'); // secrets are never searched
    expect((await client!.listTools()).tools).toHaveLength(6); // the server is still up
  });

  it('answers rlm_explore with a cited answer, progress notifications and the run log path', async () => {
    await connect([
      {
        match: { model: 'root-model', lastUser: 'Question:' },
        reply: js(
          'const def = findSymbol("add")[0]\nconst why = llmBatch(["What does add do?", "Who calls add?"])\nprint(def.at, why.join(" / "))',
        ),
      },
      { match: { model: 'sub-model' }, reply: 'It adds.' },
      {
        match: { model: 'root-model', lastUser: 'Output of block' },
        reply: js('FINAL("add is defined at " + def.at)'),
      },
    ]);
    const progress: { progress: number; message?: string }[] = [];
    const result = await call(
      'rlm_explore',
      { question: 'Where is add defined?' },
      { onprogress: (p) => progress.push(p) },
    );
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as {
      answer: string;
      reason: string;
      runLog: string;
      totals: { subCalls: number; inputTokens: number };
    };
    expect(structured).toMatchObject({ answer: 'add is defined at src/lib/math.ts:2', reason: 'final', iterations: 2 });
    expect(structured.totals.subCalls).toBe(2);
    expect(text(result)).toMatch(
      /^add is defined at src\/lib\/math\.ts:2\n\nAnswered: 2 iteration\(s\), 2 sub-call\(s\), \d+ tokens, cost unknown/,
    );
    expect(existsSync(structured.runLog)).toBe(true);
    expect(structured.runLog.startsWith(join(repo!, '.cache/rlm/runs'))).toBe(true);
    expect(runLogEvents().at(-1)).toMatchObject({ type: 'answer', reason: 'final' });

    const messages = progress.map((p) => p.message ?? '');
    expect(messages).toContain('iteration 1 · sub-calls: 0 running, 0 done · 0 tokens · $0.0000');
    expect(messages.some((m) => /^iteration 1 · sub-calls: [12] running, [01] done/.test(m))).toBe(true);
    expect(
      messages.some((m) => /^iteration 2 · sub-calls: 0 running, 2 done · [1-9][\d,]* tokens · cost unknown$/.test(m)),
    ).toBe(true);
    expect(progress.map((p) => p.progress)).toEqual(progress.map((_, i) => i + 1)); // increasing, as MCP requires
  });

  it('stops the run when the client cancels: in-flight model calls are aborted and no new one is sent', async () => {
    let released = false;
    const controller = new AbortController();
    let atModel = 0;
    // The sub-model never answers; once all three sub-calls are at it, the run is mid-flight: the client cancels.
    const never = (): Promise<string> => {
      if (++atModel === 3) controller.abort();
      return new Promise<string>((resolve) => pending.push(() => resolve('too late'))).finally(
        () => void (released = true),
      );
    };
    await connect([
      {
        match: { model: 'root-model', lastUser: 'Question:' },
        reply: js('const parts = llmBatch(["a", "b", "c"])\nprint(parts)'),
      },
      { match: { model: 'sub-model' }, reply: never },
      { match: { model: 'root-model' }, reply: js('FINAL("should not get here")') },
    ]);
    const running = call('rlm_explore', { question: 'Slow question?' }, { signal: controller.signal });
    await expect(running).rejects.toThrow(/abort/i);
    await expect.poll(() => runLogEvents().at(-1)).toMatchObject({ type: 'answer', reason: 'cancelled' });
    const subCalls = server!.requests.filter((r) => r.model === 'sub-model');
    expect(subCalls).toHaveLength(3);
    await expect.poll(() => subCalls.every((r) => r.clientAborted)).toBe(true);
    // A round trip through the server after the run ended: had it sent another model call, it would be recorded.
    await call('rlm_files', {});
    expect(server!.requests).toHaveLength(4);
    expect(released).toBe(false);
  });

  it("uses the client's model through MCP sampling when no endpoint is configured", async () => {
    const hints: unknown[] = [];
    // The client answers sampling requests with its own model: here the scripted server, over HTTP.
    const sampling: SamplingHandler = async (request) => {
      hints.push(request.params.modelPreferences?.hints);
      const openai = new OpenAI({ baseURL: server!.url, apiKey: 'client-key' });
      const messages = [
        ...(request.params.systemPrompt ? [{ role: 'system' as const, content: request.params.systemPrompt }] : []),
        ...request.params.messages.map((m) => ({ role: m.role, content: (m.content as { text: string }).text })),
      ];
      const completion = await openai.chat.completions.create({
        model: 'client-model',
        messages,
        max_tokens: request.params.maxTokens,
      });
      return {
        model: 'client-model',
        role: 'assistant',
        content: { type: 'text', text: completion.choices[0].message.content ?? '' },
        stopReason: 'endTurn',
      };
    };
    await connect(
      [
        {
          match: { model: 'client-model', lastUser: 'Question:' },
          reply: js('const def = findSymbol("Calc")[0]\nprint(def.at)'),
        },
        { match: { model: 'client-model', lastUser: 'Output of block' }, reply: js('FINAL("Calc is at " + def.at)') },
      ],
      { endpoint: false, env: { RLM_MODEL: 'claude-sonnet-4' }, sampling },
    );
    expect(stderr).toMatch(/rlm_explore uses the client's model \(MCP sampling\)/);
    const result = await call('rlm_explore', { question: 'Where is Calc?' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ answer: 'Calc is at src/lib/math.ts:6', reason: 'final' });
    expect(server!.requests.map((r) => r.model)).toEqual(['client-model', 'client-model']);
    expect(server!.requests[0].headers.authorization).toBe('Bearer client-key'); // the client's key; the server has none
    expect(hints[0]).toEqual([{ name: 'claude-sonnet-4' }]);
  });

  it("reports the client's refusal of a sampling request, and says how to configure a model when there is no sampling", async () => {
    await connect([], {
      endpoint: false,
      sampling: () => Promise.reject(new McpError(-1, 'User rejected sampling request')),
    });
    const refused = await call('rlm_explore', { question: 'Anything?' });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(
      /refused the model call .*User rejected sampling request.*Allow sampling requests from the rlm server/s,
    );
    expect(text(refused)).toMatch(/Run log: .*\.jsonl/);
    await client!.close();
    rmSync(repo!, { recursive: true, force: true });
    await server!.close();

    await connect([], { endpoint: false });
    const none = await call('rlm_explore', { question: 'Anything?' });
    expect(none.isError).toBe(true);
    expect(text(none)).toContain('rlm_explore has no model');
    expect(text(none)).toContain('RLM_BASE_URL and RLM_MODEL');
    expect(text(none)).toContain('supports MCP sampling');
  });
});
