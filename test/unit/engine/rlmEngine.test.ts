import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonlRunLog, readRunLog } from '../../../src/core/engine/runLog';
import { RunState } from '../../../src/core/engine/runState';
import { renderRunTree } from '../../../src/core/engine/runTree';
import type { RunEvent } from '../../../src/core/engine/runEvents';
import { js, rootRequests, startHarness, type Harness } from './engineHarness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('RlmEngine over real HTTP to the scripted server', () => {
  it('greps, reads, fans out llmMap over 5 files in parallel, spawns a child rlm, and ends with a cited FINAL', async () => {
    const logDir = mkdtempSync(join(tmpdir(), 'runlog-'));
    const logPath = join(logDir, 'run.jsonl');
    const log = jsonlRunLog(logPath);
    harness = await startHarness([
      {
        name: 'child',
        match: { model: 'root-model', lastUser: 'How is a session created?' },
        reply: js('FINAL("createSession builds it: src/auth/session.ts:1")'),
      },
      {
        name: 'root-1',
        match: { model: 'root-model', lastUser: 'Question: Where does login happen' },
        reply: js(
          [
            'const hits = grep("export function", {glob: "src/auth/**"})',
            'print(hits.length + " definitions")',
            'print(readFile("src/auth/login.ts", 2, 2))',
            'const summaries = llmMap([...new Set(hits.map((h) => h.file))], "Say in one line what this file does.")',
            'print(summaries.map((s) => s.file + " => " + s.answer).join("\\n"))',
          ].join('\n'),
        ),
      },
      {
        name: 'root-2',
        match: { model: 'root-model', lastUser: '5 definitions' },
        reply: js('const how = rlm("How is a session created?")\nprint(how)'),
      },
      {
        name: 'root-3',
        match: { model: 'root-model', lastUser: 'createSession builds it' },
        reply: js('FINAL("Login happens in src/auth/login.ts:2; the session comes from src/auth/session.ts:1")'),
      },
      {
        name: 'sub',
        match: { model: 'sub-model' },
        delayMs: 150,
        reply: (request) => `summary of ${/File (\S+)/.exec(request.messages.at(-1)!.content)?.[1]}`,
      },
    ]);
    const { engine, server, events } = harness;
    const result = await engine.run('Where does login happen and how is the session made?', {});
    for (const event of events) log(event);

    expect(result.reason).toBe('final');
    expect(result.answer).toBe('Login happens in src/auth/login.ts:2; the session comes from src/auth/session.ts:1');
    expect(result.iterations).toBe(3);
    expect(server.usage()).toMatchObject({ child: 1, 'root-1': 1, 'root-2': 1, 'root-3': 1, sub: 5 });

    // The five llmMap calls overlap in time: each started before any of them ended.
    const subs = server.requests.filter((r) => r.model === 'sub-model');
    expect(subs).toHaveLength(5);
    expect(Math.max(...subs.map((r) => r.receivedAt))).toBeLessThan(Math.min(...subs.map((r) => r.endedAt!)));
    expect(subs.map((r) => r.messages.at(-1)!.content).join('\n')).toContain('1| export function createSession');

    // The root prompt carries the question and workspace counts, never file contents.
    const first = rootRequests(server)[0].messages;
    expect(first.map((m) => m.role)).toEqual(['system', 'user']);
    expect(first[0].content).toContain('llmMap(files, instruction');
    expect(first[1].content).toMatch(/Workspace ".*": 7 files \(TypeScript 6, Markdown 1\); top-level folders: src\//);
    expect(first.map((m) => m.content).join('')).not.toContain('export function');
    // The second turn sees the output of the first.
    expect(rootRequests(server)[1].messages.at(-1)!.content).toMatch(
      /Output of block 1:\n5 definitions\n\s*2\|.*login/,
    );

    const rootRun = events.find((e) => e.type === 'run-start' && e.depth === 0)!;
    const childStart = events.find((e) => e.type === 'run-start' && e.depth === 1)!;
    expect(childStart.parentRunId).toBe(rootRun.runId);
    expect(events.filter((e) => e.type === 'sub-call')).toHaveLength(5);
    expect(
      events.filter((e) => e.type === 'answer').map((e) => (e as Extract<RunEvent, { type: 'answer' }>).reason),
    ).toEqual(['final', 'final']);
    expect(result.totals.subCalls).toBe(5);
    expect(result.totals.inputTokens).toBeGreaterThan(0);

    // The root replies streamed: their deltas add up to each reply, and the log keeps the replies, not the deltas.
    const rootStart = events.find((e) => e.type === 'run-start' && e.depth === 0)!;
    const firstReply = events.find((e) => e.type === 'model-reply' && e.runId === rootStart.runId) as Extract<
      RunEvent,
      { type: 'model-reply' }
    >;
    const firstDeltas = events.filter(
      (e): e is Extract<RunEvent, { type: 'model-delta' }> =>
        e.type === 'model-delta' && e.runId === rootStart.runId && e.iteration === 1,
    );
    expect(firstDeltas.length).toBeGreaterThan(1);
    expect(firstDeltas.map((d) => d.text).join('')).toBe(firstReply.text);
    const replayed = readRunLog(logPath);
    expect(replayed).toEqual(events.filter((e) => e.type !== 'model-delta'));
    const { runs } = RunState.fromEvents(replayed);
    expect(runs).toHaveLength(1);
    expect(runs[0].children.map((c) => c.question)).toEqual(['How is a session created?']);
    expect(runs[0].subCalls).toBe(5);
    const text = renderRunTree(runs);
    expect(text).toContain('● Where does login happen and how is the session made? [final');
    expect(text).toContain('  ● How is a session created? [final');
    rmSync(logDir, { recursive: true, force: true });
  });

  it('shows a syntax error to the model and goes on', async () => {
    harness = await startHarness([
      { match: { model: 'root-model', lastUser: 'Question:' }, reply: js('const x = (;') },
      { match: { model: 'root-model', lastUser: 'SyntaxError' }, reply: js('FINAL("recovered")') },
    ]);
    const result = await harness.engine.run('Anything?');
    expect(result.answer).toBe('recovered');
    expect(rootRequests(harness.server)[1].messages.at(-1)!.content).toMatch(
      /Output of block 1:\nSyntaxError: [^]*line 1/,
    );
  });

  it('interrupts an endless loop, tells the model, and goes on with its variables', async () => {
    harness = await startHarness(
      [
        { match: { model: 'root-model', lastUser: 'Question:' }, reply: js('var keep = "kept"\nwhile (true) {}') },
        { match: { model: 'root-model', lastUser: 'CPU time' }, reply: js('FINAL("value: " + keep)') },
      ],
      { cellCpuMs: 200 },
    );
    const result = await harness.engine.run('Loop?');
    expect(result.answer).toBe('value: kept');
  });

  it('waits out a 429 with Retry-After on the root model, then goes on', async () => {
    harness = await startHarness([
      { match: { model: 'root-model' }, status: 429, retryAfter: 1, times: 1 },
      { match: { model: 'root-model' }, reply: js('FINAL("after the rate limit")') },
    ]);
    const result = await harness.engine.run('Rate limited?');
    expect(result.answer).toBe('after the rate limit');
    const [limited, retried] = harness.server.requests;
    expect(limited.status).toBe(429);
    expect(retried.receivedAt - limited.receivedAt).toBeGreaterThanOrEqual(999);
  });

  it('ends with a plain-text FINAL(answer) reply, streamed as the model writes it', async () => {
    harness = await startHarness([
      {
        name: 'root',
        match: { model: 'root-model' },
        chunkChars: 8,
        reply: 'FINAL(The greeting is built in `src/greet.ts:3` (see **greet**).)',
      },
    ]);
    const result = await harness.engine.run('Where is the greeting built?', {});
    expect(result.reason).toBe('final');
    expect(result.answer).toBe('The greeting is built in `src/greet.ts:3` (see **greet**).');
    const deltas = harness.events.filter(
      (e): e is Extract<RunEvent, { type: 'model-delta' }> => e.type === 'model-delta',
    );
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.every((d) => d.attempt === 1 && !d.lastCall && d.iteration === 1)).toBe(true);
    expect(rootRequests(harness.server)[0].stream).toBe(true);
  });

  it('treats FINAL( inside prose, or a reply that also has code, as no final answer', async () => {
    harness = await startHarness([
      {
        name: 'mixed',
        match: { model: 'root-model', lastUser: 'Question:' },
        reply: 'I will call FINAL(x) later.\n' + js('print(1 + 1)'),
      },
      { name: 'done', match: { model: 'root-model', lastUser: 'Output of block 1' }, reply: 'FINAL(two)' },
    ]);
    const result = await harness.engine.run('What is one plus one?', {});
    expect(result.answer).toBe('two');
    expect(result.iterations).toBe(2);
  });

  it('asks again when a reply has no code block', async () => {
    harness = await startHarness([
      { match: { model: 'root-model', lastUser: 'Question:' }, reply: 'I think it is in main.ts.' },
      {
        match: { model: 'root-model', lastUser: 'No ```js code block' },
        reply: js('FINAL(readFile("src/main.ts", 2, 2).trim())'),
      },
    ]);
    const result = await harness.engine.run('Where is main?');
    expect(result.answer).toMatch(/^2\|\s+export function main/);
  });

  it('keeps REPL variables and a compact history across follow-up questions in a session', async () => {
    harness = await startHarness([
      {
        match: { model: 'root-model', lastUser: 'Question: first' },
        reply: js('var found = listFiles("src/auth/*").length\nFINAL("found " + found)'),
      },
      { match: { model: 'root-model', lastUser: 'Question: second' }, reply: js('FINAL("still " + found)') },
    ]);
    const session = await harness.engine.openSession();
    expect((await session.ask('first')).answer).toBe('found 5');
    expect((await session.ask('second')).answer).toBe('still 5');
    expect(rootRequests(harness.server)[1].messages[1].content).toMatch(
      /Earlier in this session[^]*1\. Q: first\n {3}A: found 5/,
    );
    session.dispose();
  });
});
