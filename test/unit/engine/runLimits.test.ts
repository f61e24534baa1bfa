import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/core/engine/runEvents';
import { jsonlRunLog, readRunLog } from '../../../src/core/engine/runLog';
import type { RecordedRequest } from '../../../src/testing/scriptRules';
import { quickJsRepl, type EngineRepl, type ReplFactory } from '../../../src/core/engine/rlmEngine';
import { js, rootRequests, startHarness, type Harness } from './engineHarness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** A reply that never comes: the test, not a timer, decides when the request ends. */
const neverAnswers = (): Promise<string> => new Promise<string>(() => undefined);
const answerNow = {
  match: { model: 'root-model', lastUser: 'Stop exploring' },
  reply: 'Partial answer: src/main.ts:2',
};
const limitEvents = (events: RunEvent[]): string[] => events.flatMap((e) => (e.type === 'limit' ? [e.limit] : []));

describe('guardrails end the run with a typed reason and the partial answer', () => {
  it('max iterations: exactly N turns, then one "answer with what you have" call', async () => {
    harness = await startHarness([
      answerNow,
      { match: { model: 'root-model' }, reply: js('print("still exploring")') },
    ]);
    const result = await harness.engine.run('Explore forever?', { limits: { maxIterations: 3 } });
    expect(result.reason).toBe('max-iterations');
    expect(result.answer).toBe('Partial answer: src/main.ts:2');
    expect(result.iterations).toBe(3);
    expect(rootRequests(harness.server)).toHaveLength(4);
    expect(limitEvents(harness.events)).toEqual(['max-iterations']);
  });

  it('max sub-calls: exactly N sub-calls across the tree; model code cannot catch the limit and go on', async () => {
    harness = await startHarness([
      answerNow,
      {
        match: { model: 'root-model' },
        reply: js(
          'for (const p of ["a", "b", "c", "d", "e"]) { try { llm(p) } catch (e) { print("ignored") } }\nprint("after")',
        ),
      },
      { match: { model: 'sub-model' }, reply: 'ok' },
    ]);
    const result = await harness.engine.run('Fan out?', { limits: { maxSubCalls: 3 } });
    expect(result.reason).toBe('max-sub-calls');
    expect(result.answer).toBe('Partial answer: src/main.ts:2');
    expect(harness.server.requests.filter((r) => r.model === 'sub-model')).toHaveLength(3);
    expect(result.totals.subCalls).toBe(3);
    expect(harness.events.some((e) => e.type === 'output' && e.output.includes('after'))).toBe(false);
  });

  it('max sub-calls: an llmBatch longer than the sub-calls left is refused before any call, and the model can go on', async () => {
    harness = await startHarness([
      {
        match: { model: 'root-model', lastUser: 'Question:' },
        reply: js(
          'try { llmBatch(["a", "b", "c", "d", "e"]) } catch (e) { print("refused: " + e.message) }\nprint(llmBatch(["a", "b", "c"]).join(","))',
        ),
      },
      { match: { model: 'root-model' }, reply: 'FINAL(three answers)' },
      { match: { model: 'sub-model' }, reply: 'ok' },
    ]);
    const result = await harness.engine.run('Fan out?', { limits: { maxSubCalls: 3 } });
    expect(result.reason).toBe('final');
    const output = harness.events.find((e) => e.type === 'output');
    expect(output?.type === 'output' && output.output).toMatch(
      /refused: llmBatch: prompts has 5 items but the run has 3 sub-call\(s\) left[^]*ok,ok,ok/,
    );
    expect(harness.server.requests.filter((r) => r.model === 'sub-model')).toHaveLength(3);
    expect(result.totals.subCalls).toBe(3);
  });

  it('max depth: rlm() at the depth limit falls back to a plain sub-call', async () => {
    harness = await startHarness([
      { match: { model: 'root-model', lastUser: 'Question: Deep?' }, reply: js('FINAL(rlm("What is in README.md?"))') },
      { match: { model: 'sub-model', lastUser: 'What is in README.md?' }, reply: 'A title.' },
    ]);
    const result = await harness.engine.run('Deep?', { limits: { maxDepth: 0 } });
    expect(result.answer).toBe('A title.');
    expect(harness.events.filter((e) => e.type === 'run-start')).toHaveLength(1);
  });

  it('rlm() fan-out: children count against the sub-call allowance and start no more sandboxes than the concurrency', async () => {
    // Sandboxes alive at once, counted where the engine starts and disposes them.
    let live = 0;
    let mostLive = 0;
    const counting: ReplFactory = async (host, limits) => {
      live++;
      mostLive = Math.max(mostLive, live);
      const repl = await quickJsRepl(host, limits);
      const counted: EngineRepl = {
        runCell: (code, signal) => repl.runCell(code, signal),
        dispose: () => (live--, repl.dispose()),
      };
      return counted;
    };
    harness = await startHarness(
      [
        {
          match: { model: 'root-model', lastUser: 'Question: Fan out' },
          reply: js(
            'const answers = await Promise.all([0, 1, 2, 3, 4].map((i) => rlm("Child " + i)));\nFINAL(answers.join(","))',
          ),
        },
        { match: { model: 'root-model', lastUser: 'Question: Child' }, reply: 'FINAL(done)' },
      ],
      { subCallConcurrency: 2 },
      'root-model',
      { createRepl: counting },
    );
    const result = await harness.engine.run('Fan out', { limits: { maxDepth: 1 } });
    expect(result.answer).toBe('done,done,done,done,done');
    expect(mostLive).toBe(3); // the parent's and two children's
    await harness.close();

    harness = await startHarness([
      {
        match: { model: 'root-model', lastUser: 'Question: Fan out' },
        reply: js(
          'const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => i).map((i) => rlm("Child " + i)));\nFINAL(answers.join(","))',
        ),
      },
      { match: { model: 'root-model', lastUser: 'Question: Child' }, reply: 'FINAL(done)' },
    ]);
    const refused = await harness.engine.run('Fan out', { limits: { maxDepth: 1, maxSubCalls: 4 } });
    expect(refused.reason).toBe('max-sub-calls');
    expect(refused.detail).toMatch(/4 allowed child runs/);
    expect(
      rootRequests(harness.server).filter((r) => /Question: Child/.test(JSON.stringify(r.messages))).length,
    ).toBeLessThanOrEqual(4);
  });

  it('a child run draws on the parent’s budget, and its iteration cap is reported to the parent', async () => {
    harness = await startHarness([
      {
        match: { model: 'root-model', lastUser: 'Question: Parent' },
        reply: js('FINAL(rlm("Child question", {maxIterations: 1}))'),
      },
      { match: { model: 'root-model', lastUser: 'Stop exploring' }, reply: 'child partial' },
      {
        match: { model: 'root-model', lastUser: 'Question: Child question' },
        reply: js('llm("one")\nprint("child looked")'),
      },
      { match: { model: 'sub-model' }, reply: 'sub' },
    ]);
    const result = await harness.engine.run('Parent', { limits: { maxDepth: 1 } });
    expect(result.answer).toMatch(/^\[child run ended: max-iterations .*\] child partial$/);
    expect(result.totals.subCalls).toBe(1);
  });

  it('max tokens: no call starts that could pass the tree’s tokens, and no extra answer call is made', async () => {
    harness = await startHarness([
      { match: { model: 'root-model' }, reply: js('print(1)'), usage: { promptTokens: 700, completionTokens: 300 } },
    ]);
    const result = await harness.engine.run('Tokens?', { limits: { maxTokens: 4000 } });
    expect(result.reason).toBe('max-tokens');
    const sent = rootRequests(harness.server);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(sent.some((r) => r.messages.some((m) => m.content.includes('Stop exploring')))).toBe(false);
    expect(result.totals.inputTokens + result.totals.outputTokens).toBe(sent.length * 1000);
    expect(result.totals.inputTokens + result.totals.outputTokens).toBeLessThanOrEqual(4000);
  });

  it('max cost: priced models stop at the cost limit', async () => {
    harness = await startHarness(
      [
        {
          match: { model: 'gpt-4o-mini' },
          reply: js('print(1)'),
          usage: { promptTokens: 1_000_000, completionTokens: 0 },
        },
      ],
      {},
      'gpt-4o-mini',
    );
    const result = await harness.engine.run('Cost?', { limits: { maxCostUsd: 0.3, maxTokens: 1e9 } });
    expect(result.reason).toBe('max-cost');
    expect(harness.server.requests).toHaveLength(2);
    expect(result.totals.costUsd).toBeCloseTo(0.3, 9);
    expect(result.totals.costComplete).toBe(true);
  });

  it('timeout: the run stops, the pending HTTP request is aborted', async () => {
    harness = await startHarness([{ match: { model: 'root-model' }, reply: neverAnswers }]);
    const result = await harness.engine.run('Slow?', { limits: { timeoutMs: 300 } });
    expect(result.reason).toBe('timeout');
    expect(limitEvents(harness.events)).toEqual(['timeout']);
    await expect.poll(() => harness!.server.requests[0].clientAborted).toBe(true);
  });

  it('cancellation mid-run aborts the sub-calls in flight and stops the sandbox', async () => {
    harness = await startHarness([
      { match: { model: 'root-model' }, reply: js('llmBatch(["a", "b", "c"])\nprint("never")') },
      { match: { model: 'sub-model' }, reply: neverAnswers },
    ]);
    const controller = new AbortController();
    const running = harness.engine.run('Cancel me', { signal: controller.signal });
    const subRequests = (): RecordedRequest[] => harness!.server.requests.filter((r) => r.model === 'sub-model');
    await expect.poll(() => subRequests().length).toBe(3);
    controller.abort();
    const result = await running;
    expect(result.reason).toBe('cancelled');
    await expect.poll(() => subRequests().every((r) => r.clientAborted)).toBe(true);
  });

  it('repeated 500s end the run with a clear error, and the partial run is in the log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runlog-'));
    const path = join(dir, 'failed.jsonl');
    harness = await startHarness([
      { match: { model: 'root-model', lastUser: 'Question:' }, reply: js('print(listFiles().length)'), times: 1 },
      { match: { model: 'root-model' }, status: 500, errorMessage: 'upstream exploded' },
    ]);
    const log = jsonlRunLog(path);
    const result = await harness.engine.run('Fail?');
    for (const event of harness.events) log(event);
    expect(result.reason).toBe('error');
    expect(result.detail).toMatch(/did not answer after 3 attempt\(s\).*HTTP 500: upstream exploded/);
    expect(existsSync(path)).toBe(true);
    const types = readRunLog(path).map((e) => e.type);
    // The budget's totals go out as the reply settles, before the reply's own event.
    expect(types).toEqual([
      'run-start',
      'iteration',
      'totals',
      'model-reply',
      'code',
      'output',
      'iteration',
      'error',
      'answer',
    ]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a prompt far past the window is fitted before it reserves tokens: model code cannot end the run with it', async () => {
    harness = await startHarness([
      {
        match: { model: 'root-model', lastUser: 'Question: Huge prompt?' },
        reply: js('print("answer: " + llm("x".repeat(15000000)))\nprint("child: " + rlm("y".repeat(15000000)))'),
      },
      { match: { model: 'root-model', lastUser: 'Question: yyy' }, reply: js('FINAL("the child read it")') },
      { match: { model: 'root-model' }, reply: 'FINAL(fitted)' },
      { match: { model: 'sub-model' }, reply: 'ok' },
    ]);
    // 15 M characters reserved as written were ~4.5 M tokens: over the 1 M budget, so the run ended with max-tokens.
    const result = await harness.engine.run('Huge prompt?', { limits: { maxTokens: 1_000_000 } });
    expect(result.reason).toBe('final');
    const subRequests = harness.server.requests.filter((r) => r.model === 'sub-model');
    expect(subRequests).toHaveLength(1);
    expect(JSON.stringify(subRequests[0]).length).toBeLessThan(100_000);
    const outputs = harness.events.flatMap((e) => (e.type === 'output' ? [e.output] : [])).join('\n');
    // A child run's question is fitted to the root model's window the same way.
    expect(outputs).toMatch(/Fitted to[^]*answer: ok[^]*child: the child read it/);
  });

  it('a system text longer than half the sub-model prompt is refused with what to do, and nothing is sent', async () => {
    harness = await startHarness([
      {
        match: { model: 'root-model', lastUser: 'Question:' },
        reply: js(
          'for (const call of [() => llm("hi", { system: "s".repeat(300000) }), () => llmBatch(["a"], { system: "s".repeat(300000) })]) { try { call() } catch (e) { print(e.message) } }',
        ),
      },
      { match: { model: 'root-model' }, reply: 'FINAL(refused)' },
      { match: { model: 'sub-model' }, reply: 'ok' },
    ]);
    const result = await harness.engine.run('Huge system?');
    expect(result.reason).toBe('final');
    // The system message is never cut to fit, so it went out whole: 300,000 characters to an 8,192-token window.
    expect(harness.server.requests.filter((r) => r.model === 'sub-model')).toHaveLength(0);
    const output = harness.events.find((e) => e.type === 'output');
    expect(output?.type === 'output' && output.output).toMatch(
      /llm: the system text has ~100000 tokens, more than half of the sub-model's ~\d+-token prompt\. Keep system short[^]*llmBatch: the system text/,
    );
  });
});
