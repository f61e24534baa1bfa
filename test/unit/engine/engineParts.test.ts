import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModelReply } from '../../../src/core/engine/modelReply';
import { rootSystemPrompt } from '../../../src/core/engine/rootPrompt';
import type { RunEvent } from '../../../src/core/engine/runEvents';
import { readRunLog } from '../../../src/core/engine/runLog';
import { RunState } from '../../../src/core/engine/runState';
import { costText, renderRunTree } from '../../../src/core/engine/runTree';
import { describeWorkspace } from '../../../src/core/engine/workspaceOverview';
import { replFunctions } from '../../../src/core/sandbox/replFunctions';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';

describe('engine parts', () => {
  it('extracts JavaScript and TypeScript blocks in order, skips empty ones and ignores output fences', () => {
    const reply =
      'a\n```js\nprint(1)\n```\n```ts\nconst t: number = 1\n```\n```text\nsrc/a.ts:1\n```\n```javascript \nprint(2)\n```\n```js\n\n```';
    expect(parseModelReply(reply).cells).toEqual(['print(1)\n', 'const t: number = 1\n', 'print(2)\n']);
  });

  it('describes the workspace in a size that does not grow with the repo', async () => {
    const sizes: number[] = [];
    for (const count of [5, 400]) {
      const root = mkdtempSync(join(tmpdir(), 'overview-'));
      for (let i = 0; i < count; i++) {
        mkdirSync(join(root, `pkg${i % 40}`), { recursive: true });
        writeFileSync(
          join(root, `pkg${i % 40}/f${i}.${['ts', 'py', 'go', 'rs', 'md', 'json', 'c', 'java', 'rb', 'php'][i % 10]}`),
          'x\n',
        );
      }
      const text = await describeWorkspace(new NodeWorkspace({ roots: root, ripgrep: false }));
      expect(text).toContain(`${count} files`);
      sizes.push(text.length);
      rmSync(root, { recursive: true, force: true });
    }
    expect(sizes[1]).toBeLessThan(600);
  });

  it('puts every REPL function of the table in the root system prompt', () => {
    const prompt = rootSystemPrompt(4000);
    for (const f of replFunctions) expect(prompt).toContain(f.signature);
    expect(prompt).toContain('at most 4000 characters');
  });

  it('builds the run tree with limits and errors, and reads a log whose last line was torn', () => {
    const base = { depth: 0, at: 1 };
    const events: RunEvent[] = [
      { ...base, id: 'e1', runId: 'r1', type: 'run-start', question: 'Why?', model: 'm' },
      { ...base, id: 'e2', runId: 'r1', type: 'iteration', iteration: 1 },
      {
        ...base,
        id: 'e3',
        runId: 'r1',
        type: 'sub-call',
        callId: 'c',
        model: 's',
        prompt: 'p',
        error: 'boom',
        startedAt: 1,
        durationMs: 2,
      },
      {
        ...base,
        id: 'e4',
        runId: 'r1',
        type: 'model-reply',
        iteration: 1,
        text: 't',
        usage: { inputTokens: 10, outputTokens: 5, estimated: true },
        costUsd: undefined,
        durationMs: 3,
      },
      { ...base, id: 'e5', runId: 'r1', type: 'limit', limit: 'max-iterations', detail: 'used 1' },
      {
        ...base,
        id: 'e6',
        runId: 'r1',
        type: 'answer',
        answer: 'Because.',
        reason: 'max-iterations',
        iterations: 1,
        totals: { inputTokens: 10, outputTokens: 5, costUsd: 0, costComplete: false, subCalls: 1 },
        durationMs: 1500,
      },
    ];
    const dir = mkdtempSync(join(tmpdir(), 'tree-'));
    const path = join(dir, 'run.jsonl');
    appendFileSync(path, events.map((e) => JSON.stringify(e)).join('\n') + '\n{"id": "e7", "ty');
    const { runs } = RunState.fromEvents(readRunLog(path));
    expect(renderRunTree(runs)).toBe(
      [
        '● Why? [max-iterations in 1.5 s]',
        '  1 iteration(s), 0 cell(s) (0 with errors), 1 sub-call(s) (1 failed), 15 tokens, cost unknown',
        '  limit: max-iterations: used 1',
        '  answer: Because.',
      ].join('\n'),
    );
    expect(renderRunTree(runs, { steps: true }).split('\n')[2]).toBe(
      '  · iteration 1: model 0.0 s, 15 tokens, 0 cell(s) in 0.0 s, 1 sub-call(s)',
    );
    expect(costText({ costUsd: 0.5, pricedCalls: 2, unpricedCalls: 1 })).toBe('≥ $0.5000 (1 call(s) unpriced)');
    expect(costText({ costUsd: 0.5, pricedCalls: 2, unpricedCalls: 0 })).toBe('$0.5000');
    writeFileSync(path, '{"broken\n' + JSON.stringify(events[0]) + '\n');
    expect(() => readRunLog(path)).toThrow(/run\.jsonl:1 is not a run event/);
    rmSync(dir, { recursive: true, force: true });
  });
});
