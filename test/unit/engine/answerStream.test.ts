import { describe, expect, it } from 'vitest';
import { AnswerStream } from '../../../src/core/engine/answerStream';
import type { RunEvent } from '../../../src/core/engine/runEvents';

const base = { at: 0, depth: 0, runId: 'root' };
let seq = 0;
const start = (runId: string, depth: number): RunEvent => ({ ...base, id: `e${++seq}`, type: 'run-start', runId, depth, question: 'q', model: 'm' });
const delta = (text: string, extra: Partial<{ iteration: number; attempt: number; lastCall: boolean; runId: string }> = {}): RunEvent => ({
  ...base, id: `e${++seq}`, type: 'model-delta', iteration: 1, attempt: 1, lastCall: false, text, ...extra,
});

function feed(stream: AnswerStream, events: RunEvent[]): (string | undefined)[] {
  return events.map((event) => stream.apply(event));
}

describe('AnswerStream', () => {
  it('streams the inside of a plain-text FINAL( reply, holding back the closing parenthesis', () => {
    const stream = new AnswerStream();
    const shown = feed(stream, [start('root', 0), delta('  FIN'), delta('AL(The answer'), delta(' is in `a.ts:3` (see x)'), delta(')')]);
    expect(shown).toEqual([undefined, undefined, 'The answer', 'The answer is in `a.ts:3` (see x', 'The answer is in `a.ts:3` (see x)']);
  });

  it('streams a FINAL( that follows prose, from the FINAL on', () => {
    const stream = new AnswerStream();
    const shown = feed(stream, [start('root', 0), delta('Here is what I found.\n\n'), delta('FINAL(It is in'), delta(' a.ts:3)')]);
    expect(shown).toEqual([undefined, undefined, 'It is in', 'It is in a.ts:3']);
  });

  it('shows nothing for code-writing turns or child runs', () => {
    const stream = new AnswerStream();
    const shown = feed(stream, [start('root', 0), delta('I will grep.\n```js\nFINAL(x)\n```'), start('child', 1), delta('FINAL(child answer)', { runId: 'child' })]);
    expect(shown.every((s) => s === undefined)).toBe(true);
  });

  it('streams all of a last "answer now" call, and restarts with a retried attempt', () => {
    const stream = new AnswerStream();
    const shown = feed(stream, [
      start('root', 0),
      delta('Partial', { iteration: 12, lastCall: true }),
      delta('Fresh', { iteration: 12, lastCall: true, attempt: 2 }),
      delta(' answer', { iteration: 12, lastCall: true, attempt: 2 }),
    ]);
    expect(shown).toEqual([undefined, 'Partial', 'Fresh', 'Fresh answer']);
  });
});
