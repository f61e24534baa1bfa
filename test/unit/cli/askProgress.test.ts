import { describe, expect, it } from 'vitest';
import { AskProgress } from '../../../src/cli/ask/askProgress';
import { resolveAskEndpoint, secretRedactor } from '../../../src/cli/ask/askSettings';
import type { RunEvent } from '../../../src/core/engine/runEvents';

const base = { depth: 0, at: 1, runId: 'r1' };
const events: RunEvent[] = [
  { ...base, id: 'e1', type: 'run-start', question: 'Why is the key sk-secret-123456789 here?', model: 'm' },
  { ...base, id: 'e2', type: 'iteration', iteration: 1 },
  {
    ...base,
    id: 'e3',
    type: 'model-reply',
    iteration: 1,
    text: 't',
    usage: { inputTokens: 10, outputTokens: 5, estimated: false },
    costUsd: 0.001,
    durationMs: 300,
  },
  {
    ...base,
    id: 'e4',
    type: 'answer',
    answer: 'Because.',
    reason: 'final',
    iterations: 1,
    totals: { inputTokens: 10, outputTokens: 5, costUsd: 0.001, costComplete: true, subCalls: 0 },
    durationMs: 900,
  },
];

function render(live: boolean): string {
  let out = '';
  const progress = new AskProgress({
    write: (text) => void (out += text),
    live,
    columns: 60,
    redact: secretRedactor('sk-secret-123456789'),
  });
  progress.note('run log: x.jsonl');
  for (const event of events) progress.apply(event);
  progress.finish();
  return out;
}

describe('rlm ask progress and settings', () => {
  it('appends one plain line per step when stderr is not a terminal', () => {
    expect(render(false)).toBe(
      [
        'run log: x.jsonl',
        '▸ run r1 (m): Why is the key *** here?',
        'iteration 1',
        '  model replied in 0.3 s (15 tokens)',
        '■ run r1 ended: final after 1 iteration(s) in 0.9 s',
        '',
      ].join('\n'),
    );
  });

  it('redraws the tree in place on a terminal, lines cut to its width, and leaves the final tree', () => {
    const out = render(true);
    expect(out).toContain('\x1b[1F\x1b[0J'); // the note's frame is erased before the final tree
    const finalTree = out.split('\x1b[0J').at(-1) ?? '';
    expect(finalTree.split('\n')[0]).toBe('● Why is the key *** here? [final in 0.9 s]');
    expect(finalTree.split('\n').every((line) => line.length <= 60)).toBe(true);
    expect(out).not.toContain('sk-secret-123456789');
  });

  it('reads RLM_* first, then OPENAI_*, and defaults to OpenAI only when a key is set', () => {
    expect(resolveAskEndpoint({}, { OPENAI_BASE_URL: 'http://o/v1/', RLM_MODEL: 'm' })).toEqual({
      baseUrl: 'http://o/v1',
      apiKey: 'not-needed',
      model: 'm',
      subModel: 'm',
    });
    expect(
      resolveAskEndpoint(
        { model: 'x' },
        {
          RLM_BASE_URL: 'http://r/v1',
          OPENAI_BASE_URL: 'http://o/v1',
          RLM_API_KEY: 'k1',
          OPENAI_API_KEY: 'k2',
          RLM_SUB_MODEL: 's',
        },
      ),
    ).toEqual({ baseUrl: 'http://r/v1', apiKey: 'k1', model: 'x', subModel: 's' });
    expect(resolveAskEndpoint({}, { OPENAI_API_KEY: 'k2', RLM_MODEL: 'm' }).baseUrl).toBe('https://api.openai.com/v1');
    expect(() => resolveAskEndpoint({}, { RLM_MODEL: 'm' })).toThrow(/no model endpoint is configured/);
  });
});
