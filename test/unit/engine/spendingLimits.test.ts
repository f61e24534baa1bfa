import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/core/engine/runEvents';
import { js, rootRequests, startHarness, type Harness } from './engineHarness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const subRequests = (h: Harness): Harness['server']['requests'] =>
  h.server.requests.filter((r) => r.model === 'sub-model');
const sentCap = (request: Harness['server']['requests'][number]): unknown => request.body.max_tokens;
const cellErrors = (events: RunEvent[]): string[] =>
  events.flatMap((e) => (e.type === 'output' && e.error ? [e.error] : []));
const limitEvents = (events: RunEvent[]): string[] => events.flatMap((e) => (e.type === 'limit' ? [e.limit] : []));

/** $1 per million prompt tokens, $100 per million answer tokens: a 1,000-token answer costs $0.10. */
const pricey = { 'sub-model': { inputUsdPerMillion: 1, outputUsdPerMillion: 100 } };

describe('spending limits hold with calls in flight at the same time', () => {
  it('max cost: 8 parallel sub-calls whose worst cases together pass the limit spend no more than the limit', async () => {
    harness = await startHarness(
      [
        {
          match: { model: 'root-model', lastUser: 'Question:' },
          reply: js('print(llmBatch(["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"]).length)'),
        },
        { match: { model: 'root-model' }, reply: 'FINAL(should not get here)' },
        // Every answer uses the whole output cap it is given (the server reports at most the request's max_tokens).
        {
          match: { model: 'sub-model' },
          reply: 'a long answer',
          usage: { promptTokens: 10, completionTokens: 1_000_000 },
        },
      ],
      { subCallConcurrency: 8 },
      'root-model',
      { prices: pricey },
    );
    const result = await harness.engine.run('Spend?', { limits: { maxCostUsd: 0.3, maxTokensPerCall: 1_000 } });
    expect(result.reason).toBe('max-cost');
    expect(result.totals.costUsd).toBeLessThanOrEqual(0.3);
    expect(result.totals.costUsd).toBeGreaterThan(0.29); // it used the room it had, no less
    const sent = subRequests(harness);
    expect(sent).toHaveLength(3);
    expect(result.totals.subCalls).toBe(3); // refused calls were never made
    // Two fit with their full cap; the third got the cap that still fit.
    expect(sent.map(sentCap).sort()).toEqual([1_000, 1_000, expect.any(Number)].sort());
    expect(Math.min(...sent.map((r) => Number(sentCap(r))))).toBeLessThan(1_000);
    expect(limitEvents(harness.events)).toEqual(['max-cost']);
    expect(rootRequests(harness.server)).toHaveLength(1); // max-cost allows no further call, not even the answer call
  });

  it('max cost: the root call reserves too, and a call that no longer fits is refused before it is sent', async () => {
    // Each root turn reports 100,000 answer tokens at $0.60 per million = $0.06, so the limit is reached mid-run.
    harness = await startHarness(
      [
        {
          match: { model: 'gpt-4o-mini' },
          reply: js('print(1)'),
          usage: { promptTokens: 1_000, completionTokens: 100_000 },
        },
      ],
      {},
      'gpt-4o-mini',
      {
        server: {
          modelMetadata: {
            'gpt-4o-mini': { context_length: 1_000_000, top_provider: { max_completion_tokens: 200_000 } },
          },
        },
      },
    );
    const result = await harness.engine.run('Cost?', {
      limits: { maxCostUsd: 0.2, maxTokens: 1e9, maxTokensPerCall: 100_000 },
    });
    expect(result.reason).toBe('max-cost');
    expect(result.totals.costUsd).toBeLessThanOrEqual(0.2);
    const caps = harness.server.requests.map((r) => Number(sentCap(r)));
    expect(caps.slice(0, 3)).toEqual([100_000, 100_000, 100_000]);
    expect(caps.length).toBe(4); // the fourth got what was left ($0.02 ≈ 33,000 tokens), a fifth would not fit
    expect(caps[3]).toBeLessThan(100_000);
  });

  it('max tokens: a model with no price still stops at the token limit, parallel calls included', async () => {
    harness = await startHarness([
      {
        match: { model: 'root-model', lastUser: 'Question:' },
        reply: js('print(llmBatch(["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"]).length)'),
        usage: { promptTokens: 1_500, completionTokens: 100 },
      },
      { match: { model: 'sub-model' }, reply: 'answer', usage: { promptTokens: 10, completionTokens: 1_000_000 } },
    ]);
    const result = await harness.engine.run('Tokens?', { limits: { maxTokens: 6_000, maxTokensPerCall: 1_000 } });
    expect(result.reason).toBe('max-tokens');
    expect(result.totals.costComplete).toBe(false); // unpriced: reservations were in tokens alone
    expect(result.totals.inputTokens + result.totals.outputTokens).toBeLessThanOrEqual(6_000);
    expect(subRequests(harness).length).toBeGreaterThan(0);
    expect(subRequests(harness).length).toBeLessThan(8);
  });

  it('max tokens: the cap shrinks to what is left, and the next call that cannot get a useful cap is refused', async () => {
    harness = await startHarness(
      [
        {
          match: { model: 'root-model' },
          reply: js('print(1)'),
          usage: { promptTokens: 3_000, completionTokens: 500 },
        },
      ],
      {},
      'root-model',
      { server: { modelMetadata: { 'root-model': { context_length: 32_768 } } } },
    );
    const result = await harness.engine.run('Tokens?', { limits: { maxTokens: 8_000 } });
    expect(result.reason).toBe('max-tokens');
    const caps = rootRequests(harness.server).map((r) => Number(sentCap(r)));
    expect(caps).toHaveLength(2);
    expect(caps[0]).toBe(4_096);
    expect(caps[1]).toBeLessThan(4_096);
    expect(caps[1]).toBeGreaterThanOrEqual(256);
    expect(result.totals.inputTokens + result.totals.outputTokens).toBe(7_000);
  });

  it('the output cap model code asks for is clamped to the run’s per-call cap', async () => {
    harness = await startHarness([
      {
        match: { model: 'root-model', lastUser: 'Question:' },
        reply: js('print(llm("big", {maxTokens: 1000000}))\nprint(llmBatch(["a"], {maxTokens: 99999999})[0])'),
      },
      { match: { model: 'root-model' }, reply: 'FINAL(done)' },
      { match: { model: 'sub-model' }, reply: 'ok' },
    ]);
    const result = await harness.engine.run('Cap?', { limits: { maxTokensPerCall: 2_000 } });
    expect(result.reason).toBe('final');
    expect(subRequests(harness).map(sentCap)).toEqual([2_000, 2_000]);
  });
});

describe('sub-call lists and the queue', () => {
  it('a list longer than the sub-calls left is refused before any call, with an error the model can act on', async () => {
    harness = await startHarness([
      {
        match: { model: 'root-model', lastUser: 'Question:' },
        reply: js('print(llmBatch(new Array(5000).fill("q")).length)'),
      },
      {
        match: { model: 'root-model', lastUser: 'Output of block 1' },
        reply: js('print(llmBatch(["a", "b", "c", "d", "e", "f", "g", "h", "i"]).length)'),
        times: 1,
      },
      {
        match: { model: 'root-model', lastUser: 'Output of block 1' },
        reply: js('print(llmMap(["src/main.ts", "README.md"], "summarize").length)'),
        times: 1,
      },
      { match: { model: 'root-model' }, reply: 'FINAL(done)' },
      { match: { model: 'sub-model' }, reply: 'ok' },
    ]);
    const result = await harness.engine.run('Many?', { limits: { maxSubCalls: 8, maxIterations: 4 } });
    const errors = cellErrors(harness.events);
    expect(errors[0]).toMatch(/llmBatch: prompts has 5000 items; one call takes at most 1000\. Filter the list first/);
    expect(errors[1]).toMatch(
      /llmBatch: prompts has 9 items but the run has 8 sub-call\(s\) left\. Pick the 8 most relevant/,
    );
    expect(errors).toHaveLength(2);
    expect(subRequests(harness)).toHaveLength(2); // only the llmMap of two files went out
    expect(result.totals.subCalls).toBe(2);
  });

  it('never has more sub-calls in flight than the concurrency limit, and a cancelled run sends none of those queued', async () => {
    const held: (() => void)[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    harness = await startHarness(
      [
        { match: { model: 'root-model' }, reply: js('print(llmBatch(["a", "b", "c", "d", "e", "f"]).length)') },
        {
          match: { model: 'sub-model' },
          reply: () => {
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            return new Promise<string>((resolve) =>
              held.push(() => {
                inFlight--;
                resolve('ok');
              }),
            );
          },
        },
      ],
      { subCallConcurrency: 2 },
    );
    const controller = new AbortController();
    const running = harness.engine.run('Queue?', { signal: controller.signal });
    await expect.poll(() => held.length).toBe(2);
    held.shift()!(); // one answers: the third goes out in its slot
    await expect.poll(() => held.length).toBe(2);
    await expect.poll(() => harness!.events.filter((e) => e.type === 'sub-call').length).toBe(1);
    controller.abort();
    const result = await running;
    expect(result.reason).toBe('cancelled');
    expect(maxInFlight).toBe(2);
    expect(subRequests(harness)).toHaveLength(3); // d, e and f were dropped from the queue, never sent
    for (const release of held) release();
  });
});

describe('the time limit holds during the host’s own work', () => {
  it('a 300 KB reply from an endpoint that sends no usage is counted without stalling the run', async () => {
    // Without spaces, an exact BPE count of this reply takes about a minute on the main thread, past any timeout.
    const reply = `FINAL(${'x'.repeat(300_000)})`;
    harness = await startHarness([{ match: { model: 'root-model' }, reply, usage: null }]);
    const result = await harness.engine.run('Long?', { limits: { timeoutMs: 20_000, maxTokensPerCall: 100_000 } });
    expect(result.reason).toBe('final');
    const usage = harness.events.find((e) => e.type === 'model-reply');
    expect(usage?.type === 'model-reply' && usage.usage.estimated).toBe(true);
    expect(result.totals.outputTokens).toBeGreaterThan(37_000);
    expect(result.totals.outputTokens).toBeLessThan(38_000);
  });
});
