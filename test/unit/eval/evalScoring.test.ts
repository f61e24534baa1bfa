import { describe, expect, it } from 'vitest';
import { accuracyCostSvg, evalReportMarkdown } from '../../../src/core/eval/evalReport';
import { evalOutput } from '../../../src/core/eval/evalSummary';
import type { EvalResult } from '../../../src/core/eval/evalTypes';
import { parseQuestionsFile } from '../../../src/core/eval/questionsFile';
import { namedFiles, scoreAnswer } from '../../../src/core/eval/scoreAnswer';

describe('eval scoring', () => {
  it('takes a locate answer as right when one of its first citations is inside the definition', () => {
    const expect_ = {
      type: 'ranges' as const,
      match: 'any' as const,
      ranges: [{ file: 'src/a.ts', startLine: 10, endLine: 20 }],
    };
    expect(scoreAnswer(expect_, 'Defined at `src/a.ts:12`.')).toEqual({ correct: true, score: 1 });
    expect(scoreAnswer(expect_, 'Defined at ./src/a.ts:10-20.')).toEqual({ correct: true, score: 1 });
    expect(scoreAnswer(expect_, 'Defined at src/a.ts:21.')).toEqual({ correct: false, score: 0 });
    // Listing every place is no answer: only the first three citations count.
    expect(scoreAnswer(expect_, 'x.ts:1 y.ts:1 z.ts:1 src/a.ts:12').correct).toBe(false);
  });

  it('scores callers by F1 over cited definitions, not counting the symbol asked about', () => {
    const expect_ = {
      type: 'ranges' as const,
      match: 'f1' as const,
      ranges: [
        { file: 'a.ts', startLine: 1, endLine: 5 },
        { file: 'b.ts', startLine: 10, endLine: 12 },
      ],
      ignore: [{ file: 'x.ts', startLine: 1, endLine: 3 }],
    };
    expect(scoreAnswer(expect_, 'a.ts:2 and b.ts:11 call x.ts:1')).toEqual({ correct: true, score: 1 });
    expect(scoreAnswer(expect_, 'a.ts:2 only')).toEqual({ correct: true, score: 0.667 });
    expect(scoreAnswer(expect_, 'a.ts:2, c.ts:1, d.ts:1, e.ts:1')).toEqual({ correct: false, score: 0.333 });
  });

  it('scores imports by F1 over named files', () => {
    expect(namedFiles('Imported by `src/app.ts`, src/lib/index.ts:3 and main.go; e.g. not a file.')).toEqual([
      'src/app.ts',
      'src/lib/index.ts',
      'main.go',
    ]);
    expect(
      scoreAnswer(
        { type: 'files', files: ['src/app.ts', 'main.go'], ignore: ['src/lib/math.ts'] },
        'src/lib/math.ts is imported by src/app.ts and main.go',
      ),
    ).toEqual({ correct: true, score: 1 });
    expect(scoreAnswer({ type: 'files', files: ['src/app.ts'] }, 'README.md')).toEqual({ correct: false, score: 0 });
  });

  it('matches a questions file regex in linear time and counts strings', () => {
    expect(scoreAnswer({ type: 'regex', regex: '(a+)+$' }, `${'a'.repeat(50_000)}!`).correct).toBe(false);
    expect(scoreAnswer({ type: 'strings', strings: ['Retry', 'backoff'] }, 'retry with BACKOFF')).toEqual({
      correct: true,
      score: 1,
    });
    expect(scoreAnswer({ type: 'strings', strings: ['Retry', 'jitter'] }, 'retry')).toEqual({
      correct: false,
      score: 0.5,
    });
  });

  it('reads a questions file: ranges, strings and a regex; bad lines by number', () => {
    const parsed = parseQuestionsFile(
      [
        '{"question": "q1", "expect": ["src/a.ts:1-4", "b.py:7"]}',
        '{"question": "q2", "expect": ["retry", "backoff"], "id": "retry"}',
        '[1, 2]',
        '{"question": "q4", "expect": []}',
        '{"question": "q5", "expect": "x\\\\d+"}',
      ].join('\n'),
    );
    expect(parsed.questions.map((q) => [q.id, q.expect.type])).toEqual([
      ['custom-1', 'ranges'],
      ['retry', 'strings'],
      ['custom-5', 'regex'],
    ]);
    expect(parsed.errors.map((e) => e.line)).toEqual([3, 4]);
  });

  it('summarises per mode and escapes text in the chart and the report', () => {
    const result = (mode: EvalResult['mode'], correct: boolean, durationMs: number): EvalResult => ({
      questionId: 'q<1>',
      mode,
      correct,
      score: correct ? 1 : 0,
      answer: '',
      inputTokens: 100,
      outputTokens: 10,
      costUsd: 0.01,
      durationMs,
      iterations: 1,
    });
    const output = evalOutput(
      [{ id: 'q<1>', kind: 'custom', question: 'Who <script>?', expect: { type: 'regex', regex: 'x' } }],
      [result('rlm', true, 100), result('direct', false, 300)],
      ['rlm', 'direct'],
    );
    expect(output.summary.rlm).toEqual({
      accuracy: 1,
      meanScore: 1,
      meanInputTokens: 100,
      meanOutputTokens: 10,
      costUsd: 0.01,
      p50DurationMs: 100,
    });
    expect(Object.keys(output.results[0])).toEqual([
      'questionId',
      'mode',
      'correct',
      'score',
      'answer',
      'inputTokens',
      'outputTokens',
      'costUsd',
      'durationMs',
      'iterations',
    ]);
    const svg = accuracyCostSvg(output.summary);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('<title>rlm: 100%, $0.0100</title>');
    expect(evalReportMarkdown(output, { source: 'from q.jsonl', notes: ['<b>note</b>'] })).toContain(
      '| q\\<1\\>: Who \\<script\\>? | custom | ✓ 1.00 | ✗ 0.00 |',
    );
  });
});
