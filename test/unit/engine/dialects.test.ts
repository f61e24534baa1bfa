import { describe, expect, it } from 'vitest';
import { dialectCases } from '../../dialects/replyCorpus';
import { runDialectCase } from '../../dialects/runDialectCase';
import { startHarness } from './engineHarness';

describe('replies as real models write them, through the scripted server and the real engine', () => {
  it.each(dialectCases.map((c) => [c.name, c] as const))('%s', async (_name, dialect) => {
    const { result, toldRoot } = await runDialectCase(dialect);
    expect(result.reason, `${result.detail ?? ''}\n${toldRoot.join('\n---\n')}`).toBe('final');
    if (dialect.exact) expect(result.answer).toBe(dialect.answer);
    else expect(result.answer).toContain(dialect.answer);
    expect(result.iterations).toBe(dialect.iterations);
    if (dialect.told) expect(toldRoot.join('\n')).toContain(dialect.told);
  });

  it('answers with the prose of the last call after the iteration limit, without its code', async () => {
    const harness = await startHarness([
      {
        match: { model: 'root-model', lastUser: 'Stop exploring' },
        reply: 'createSession is defined at src/auth/session.ts:1.\n```js\nprint("more")\n```',
      },
      { match: { model: 'root-model' }, reply: '```js\nprint(listFiles().length)\n```' },
    ]);
    try {
      const result = await harness.engine.run('Where is the session created?', { limits: { maxIterations: 2 } });
      expect(result.reason).toBe('max-iterations');
      expect(result.answer).toBe('createSession is defined at src/auth/session.ts:1.');
    } finally {
      await harness.close();
    }
  });

  it('runs `await Promise.all(files.map(f => llm(...)))` side by side, like llmBatch', async () => {
    const fanOut = dialectCases.find((c) => c.name === 'Promise.all with a plain arrow');
    if (!fanOut) throw new Error('the corpus lost its Promise.all case');
    const { result, subCallsAtOnce } = await runDialectCase(fanOut);
    expect(result.answer.split('; ')).toHaveLength(5);
    expect(subCallsAtOnce).toBeGreaterThan(1);
  });
});
