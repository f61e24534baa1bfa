import { afterEach, describe, expect, it } from 'vitest';
import { RunState } from '../../../src/core/engine/runState';
import type { RunEvent } from '../../../src/core/engine/runEvents';
import type { RecordedRequest } from '../../../src/testing/scriptRules';
import { js, rootRequests, startHarness, type Harness } from './engineHarness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const bigFile = Array.from(
  { length: 5000 },
  (_, i) => `export const value${i + 1} = ${i + 1}; // entry ${i + 1} of the big table`,
).join('\n');

/** Line numbers a sub-call prompt carried ("  12| ..."). */
function linesIn(request: RecordedRequest): number[] {
  return [...request.messages.at(-1)!.content.matchAll(/^ *(\d+)\| /gm)].map((m) => Number(m[1]));
}

/** The same estimate the engine sizes prompts with: UTF-8 bytes / 3, plus message framing. */
function estimated(request: RecordedRequest): number {
  return request.messages.reduce((sum, m) => sum + 4 + Math.ceil(Buffer.byteLength(m.content) / 3), 3);
}

const subCalls = (h: Harness): RecordedRequest[] => h.server.requests.filter((r) => r.model === 'sub-model');
const events = <T extends RunEvent['type']>(h: Harness, type: T): Extract<RunEvent, { type: T }>[] =>
  h.events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);

describe('sub-calls see what they are given, sized to the model', () => {
  it('llmMap reads a 5,000-line file in chunks that fit the sub-model and cite lines across the whole file', async () => {
    harness = await startHarness(
      [
        {
          name: 'root-1',
          match: { model: 'root-model', lastUser: 'Question:' },
          reply: js(
            [
              'const r = llmMap(["src/big.ts"], "List the first and last entry you see, cited.")',
              'print(r[0].file + " took " + r[0].chunks + " chunks")',
              'print(r[0].answer)',
            ].join('\n'),
          ),
        },
        { name: 'root-2', match: { model: 'root-model', lastUser: 'chunks' }, reply: 'FINAL(done)' },
        {
          name: 'sub',
          match: { model: 'sub-model' },
          reply: (request) => {
            const lines = linesIn(request);
            return `first src/big.ts:${lines[0]}, last src/big.ts:${lines.at(-1)}`;
          },
        },
      ],
      {},
      'root-model',
      {
        files: { 'src/big.ts': bigFile },
        server: {
          modelMetadata: { 'sub-model': { context_length: 16_384, top_provider: { max_completion_tokens: 3_000 } } },
        },
      },
    );
    const result = await harness.engine.run('What is in the big table?');
    expect(result.reason).toBe('final');

    const subs = subCalls(harness);
    expect(subs.length).toBeGreaterThan(1);
    // Every line of the file reached some sub-call, and each sub-call fit the window the metadata gave.
    const seen = new Set(subs.flatMap(linesIn));
    expect(seen.size).toBe(5000);
    expect(Math.min(...seen)).toBe(1);
    expect(Math.max(...seen)).toBe(5000);
    for (const request of subs) {
      expect(request.body.max_tokens).toBe(3_000); // the endpoint's output cap, below the requested 4,096
      expect(estimated(request) + 3_000).toBeLessThanOrEqual(16_384);
    }
    // The metadata's window was used, not the 8,192-token default: chunks are bigger than that default allows.
    expect(Math.max(...subs.map(estimated))).toBeGreaterThan(8_192);
    expect(subs.some((r) => /lines 1-\d+ of 5000, part 1 of \d+/.test(r.messages.at(-1)!.content))).toBe(true);

    const output = events(harness, 'output')[0].output;
    expect(output).toContain(`src/big.ts took ${subs.length} chunks`);
    expect(output).toMatch(
      /\[llmMap: 1 file\(s\) did not fit one sub-call .* src\/big\.ts \(5000 lines\) → \d+ chunks\]/,
    );
    expect(output).toContain('[lines 1-');
    expect(output).toContain('first src/big.ts:1,');
    expect(output).toContain('last src/big.ts:5000');
  });

  it('llmMap cuts a long file at definition ends when the symbol index knows them', async () => {
    const functions = Array.from({ length: 120 }, (_, i) =>
      [
        `export function step${i + 1}(input: number): number {`,
        ...Array.from(
          { length: 10 },
          (_, j) => `  const v${j} = input * ${j + 1} + ${i}; // step ${i + 1}, part ${j + 1}`,
        ),
        '  return input;',
        '}',
      ].join('\n'),
    );
    const source = functions.join('\n');
    harness = await startHarness(
      [
        {
          name: 'root-1',
          match: { model: 'root-model', lastUser: 'Question:' },
          reply: js('const r = llmMap(["src/steps.ts"], "Name the steps.")\nprint(r[0].chunks + " chunks")'),
        },
        { name: 'root-2', match: { model: 'root-model', lastUser: 'chunks' }, reply: 'FINAL(done)' },
        { name: 'sub', match: { model: 'sub-model' }, reply: (request) => `steps from line ${linesIn(request)[0]}` },
      ],
      {},
      'root-model',
      {
        files: { 'src/steps.ts': source },
        server: { modelMetadata: { 'sub-model': { max_model_len: 4_096 } } },
        symbols: true,
      },
    );
    await harness.engine.run('Which steps are there?');
    const subs = subCalls(harness);
    expect(subs.length).toBeGreaterThan(2);
    const lines = source.split('\n');
    const seen = new Set(subs.flatMap(linesIn));
    expect(seen.size).toBe(lines.length);
    for (const request of subs) {
      const numbers = linesIn(request);
      expect(lines[numbers[0] - 1]).toMatch(/^export function step\d+/); // every chunk starts at a definition
      if (numbers.at(-1) !== lines.length) expect(lines[numbers.at(-1)! - 1]).toBe('}'); // and ends at one's end
    }
  });

  it('llmMap with combine "reduce" merges the chunk answers of a long file in one more call', async () => {
    harness = await startHarness(
      [
        {
          name: 'root-1',
          match: { model: 'root-model', lastUser: 'Question:' },
          reply: js(
            'const r = llmMap(["src/big.ts", "src/main.ts"], "Summarize.", {combine: "reduce"})\nprint(JSON.stringify(r.map((x) => [x.file, x.chunks, x.answer])))',
          ),
        },
        { name: 'root-2', match: { model: 'root-model', lastUser: 'Output of block' }, reply: 'FINAL(done)' },
        {
          name: 'reduce',
          match: { model: 'sub-model', lastUser: 'was too long for one call' },
          reply: 'merged answer: src/big.ts:1 to src/big.ts:5000',
        },
        { name: 'sub', match: { model: 'sub-model' }, reply: (request) => `part ${linesIn(request)[0]}` },
      ],
      {},
      'root-model',
      { files: { 'src/big.ts': bigFile } },
    );
    await harness.engine.run('Summarize the big file');
    const reduce = subCalls(harness).filter((r) => r.rule === 'reduce');
    expect(reduce).toHaveLength(1);
    expect(reduce[0].messages.at(-1)!.content).toMatch(/\[lines 1-\d+\]\npart 1\n\n\[lines \d+-\d+\]\npart \d+/);
    const printed = JSON.parse(
      events(harness, 'output')[0]
        .output.split('\n')
        .find((l) => l.startsWith('[['))!,
    ) as [string, number, string][];
    expect(printed[0][0]).toBe('src/big.ts');
    expect(printed[0][1]).toBeGreaterThan(1);
    expect(printed[0][2]).toBe('merged answer: src/big.ts:1 to src/big.ts:5000');
    expect(printed[1]).toEqual(['src/main.ts', 1, 'part 1']); // a short file: one call, no reduce
  });

  it('a context-length 400 from the endpoint is retried once with older outputs summarized, and the run tree says so', async () => {
    const blockA = `print("MARK-A " + "a".repeat(3900))`;
    const blockB = `print("MARK-B " + "b".repeat(3900))`;
    harness = await startHarness([
      {
        name: 'root-1',
        match: { model: 'root-model', lastUser: 'Question:' },
        reply: js(`const kept = 42\n${blockA}`),
      },
      { name: 'root-2', match: { model: 'root-model', lastUser: 'MARK-A' }, reply: js(blockB) },
      {
        name: 'too-long',
        match: { model: 'root-model', lastUser: 'MARK-B' },
        times: 1,
        status: 400,
        errorMessage:
          "This model's maximum context length is 5000 tokens. However, you requested 8000 tokens. Please reduce the length of the messages or completion.",
      },
      { name: 'root-3', match: { model: 'root-model', lastUser: 'MARK-B' }, reply: js('FINAL("kept is " + kept)') },
    ]);
    const result = await harness.engine.run('Fill the window');
    expect(result.reason).toBe('final');
    expect(result.answer).toBe('kept is 42');
    expect(harness.server.usage()).toMatchObject({ 'too-long': 1, 'root-3': 1 });

    const [refused, retried] = rootRequests(harness.server).slice(2);
    expect(refused.status).toBe(400);
    expect(retried.status).toBe(200);
    expect(estimated(retried)).toBeLessThan(estimated(refused));
    const retriedText = retried.messages.map((m) => m.content).join('\n');
    expect(retriedText).toContain('[Left out to fit the context window: an earlier output');
    expect(retriedText).not.toContain(`MARK-A ${'a'.repeat(200)}`);
    expect(retried.messages.at(-1)!.content).toContain('MARK-B'); // the latest output stays whole
    expect(retried.body.max_tokens).toBe(1_250); // a quarter of the window the endpoint stated

    const reply = events(harness, 'model-reply').at(-1)!;
    expect(reply.contextNote).toMatch(
      /The endpoint refused ~\d+ prompt tokens \(a 5000-token window\); sent again once, smaller/,
    );
    const tree = RunState.fromEvents(harness.events);
    const modelCall = [...tree.walk()].find((node) => node.kind === 'model-call' && node.detail.contextNote)!;
    expect(modelCall.detail.contextNote).toContain('sent again once, smaller');
  });

  it('a sub-call refused with llama.cpp wording is retried smaller, and the cell is told', async () => {
    harness = await startHarness([
      {
        name: 'root-1',
        match: { model: 'root-model', lastUser: 'Question:' },
        reply: js('print(llm("Summarize: " + "x ".repeat(6000)))'),
      },
      { name: 'root-2', match: { model: 'root-model', lastUser: 'Output of block' }, reply: 'FINAL(done)' },
      {
        name: 'overflow',
        match: { model: 'sub-model' },
        times: 1,
        status: 400,
        errorMessage: 'the request exceeds the available context size, try increasing it',
      },
      { name: 'sub', match: { model: 'sub-model' }, reply: 'short summary' },
    ]);
    await harness.engine.run('Summarize a long text');
    const [refused, retried] = subCalls(harness);
    expect(refused.status).toBe(400);
    expect(estimated(retried)).toBeLessThanOrEqual(Math.floor(estimated(refused) * 0.75) + 10);
    expect(retried.messages.at(-1)!.content).toMatch(/^Summarize: x x/);
    expect(retried.messages.at(-1)!.content).toContain("more characters cut to fit the model's context window]");
    const output = events(harness, 'output')[0].output;
    expect(output).toContain('short summary');
    expect(output).toContain('[llm: The endpoint refused');
    expect(events(harness, 'sub-call').at(-1)!.contextNote).toContain('the prompt was too long');
  });

  it('keeps the root history inside the window over a long run: older outputs become one-line summaries, variables stay', async () => {
    const turns = 9;
    const rules = Array.from({ length: turns }, (_, i) => ({
      name: `turn-${i + 1}`,
      match: { model: 'root-model', lastUser: i === 0 ? 'Question:' : `TURN-${i} ` },
      reply: js(`${i === 0 ? 'const first = "set in turn 1"\n' : ''}print("TURN-${i + 1} " + "z".repeat(3900))`),
    }));
    harness = await startHarness(
      [
        ...rules,
        { name: 'last', match: { model: 'root-model', lastUser: `TURN-${turns} ` }, reply: js('FINAL(first)') },
      ],
      {},
      'root-model',
    );
    const result = await harness.engine.run('Explore for a long time', { limits: { maxIterations: turns + 1 } });
    expect(result.reason).toBe('final');
    expect(result.answer).toBe('set in turn 1');

    const requests = rootRequests(harness.server);
    expect(requests).toHaveLength(turns + 1);
    for (const request of requests) {
      expect(request.body.max_tokens).toBe(2_048); // a quarter of the 8,192-token default window
      expect(estimated(request) + 2_048).toBeLessThanOrEqual(8_192);
    }
    const last = requests.at(-1)!.messages;
    expect(last.at(-1)!.content).toContain(`TURN-${turns} `);
    const summaries = last.filter((m) => m.content.startsWith('[Left out to fit the context window'));
    expect(summaries.length).toBeGreaterThan(2);
    expect(last.map((m) => m.content).join('\n')).not.toContain(`TURN-1 ${'z'.repeat(200)}`);
    expect(events(harness, 'model-reply').at(-1)!.contextNote).toMatch(/older message\(s\) summarized/);
  });

  it('a follow-up session sends only as much earlier history as fits', async () => {
    harness = await startHarness([{ match: { model: 'root-model' }, reply: 'FINAL(ok)' }]);
    const history = Array.from({ length: 300 }, (_, i) => ({
      question: `Old question ${i + 1}?`,
      answer: `Old answer ${i + 1} ${'w'.repeat(300)}`,
    }));
    const session = await harness.engine.openSession({ history });
    await session.ask('A new question?');
    session.dispose();
    const first = rootRequests(harness.server)[0];
    const question = first.messages[1].content;
    expect(question).toContain('Old question 300?');
    expect(question).not.toContain('Old question 1?');
    expect(question).toContain('Question: A new question?');
    expect(estimated(first)).toBeLessThan(8_192 - 2_048);
  });

  it('sizes the output fed back per block to a small root window, and says so in the system prompt', async () => {
    harness = await startHarness(
      [
        { name: 'root-1', match: { model: 'root-model', lastUser: 'Question:' }, reply: js('print("y".repeat(5000))') },
        { name: 'root-2', match: { model: 'root-model', lastUser: 'Output of block' }, reply: 'FINAL(done)' },
      ],
      {},
      'root-model',
      { server: { modelMetadata: { 'root-model': { context_length: 4096 } } } },
    );
    await harness.engine.run('Print a lot');
    const [first, second] = rootRequests(harness.server);
    const perBlock = Number(/at most (\d+) characters per block/.exec(first.messages[0].content)?.[1]);
    expect(perBlock).toBeLessThan(4_000); // the default for large windows
    expect(perBlock).toBeGreaterThanOrEqual(500);
    expect(second.messages.at(-1)!.content).toContain(`[... ${5000 - perBlock} more characters cut; print less]`);
    expect(second.body.max_tokens).toBe(1_024);
    expect(estimated(second) + 1_024).toBeLessThanOrEqual(4_096);
  });
});
