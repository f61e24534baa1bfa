import { describe, expect, it } from 'vitest';
import { RunState } from '../../../src/core/engine/runState';
import {
  fenced,
  nodeDescription,
  nodeLabel,
  pastRunDescription,
  runNodeMarkdown,
} from '../../../src/vscode/runs/runNodeText';
import { syntheticRun } from './syntheticRun';

describe('run node text', () => {
  const tree = RunState.fromEvents(
    syntheticRun({ iterations: 1, cellsPerIteration: 1, subCallsPerCell: 2, childRunsPerCell: 1, maxDepth: 1 }, 0),
  );

  it('describes a node with duration, tokens and the rolled-up cost', () => {
    const root = tree.get('root')!;
    expect(nodeDescription(root, 0)).toBe(`${root.endedAt! - root.startedAt} ms · 960 tok · $0.0044`);
    expect(nodeDescription(tree.get('root:sroot.c1.0s1')!, 0)).toBe('21 ms · 120 tok · $0.0001');
    expect(nodeLabel(tree.get('r1')!)).toBe('Child run: child 0 of root');
    expect(nodeLabel(tree.get('root.c1.0')!)).toBe('Code: llmMap(files, "x") // cell 0');
  });

  it('writes a detail document with the code, output, usage and steps', () => {
    const cell = runNodeMarkdown(tree, tree.get('root.c1.0')!, 0);
    expect(cell).toContain('# Code cell: llmMap\\(files, "x"\\) // cell 0');
    expect(cell).toContain('## Code\n\n```js\nllmMap(files, "x") // cell 0\n```');
    expect(cell).toContain('## Output\n\n```\ndone\n```');
    expect(cell).toContain('- llm: prompt 0 — done, 20 ms · 120 tok · $0.0001');
    const sub = runNodeMarkdown(tree, tree.get('root:sroot.c1.0s0')!, 0);
    expect(sub).toContain('- **Usage:** 100 in + 20 out tokens, $0.0001');
    expect(sub).toContain('## Prompt\n\n```\nprompt 0\n```');
  });

  it('gives a root run the context meter of its answer event', () => {
    const events = syntheticRun(
      { iterations: 1, cellsPerIteration: 1, subCallsPerCell: 1, childRunsPerCell: 0, maxDepth: 0 },
      0,
    );
    const last = events[events.length - 1];
    if (last.type !== 'answer') throw new Error('the synthetic run ends with its answer');
    last.context = {
      rootPromptTokens: 6100,
      rootPromptEstimated: false,
      subCallInputTokens: 0,
      subCallsEstimated: false,
      touchedFiles: 14,
      touchedFileTokens: 212_000,
      workspaceFiles: 900,
      workspaceTokens: 9_800_000,
    };
    const withMeter = RunState.fromEvents(events);
    expect(withMeter.get('root')!.detail.contextMeter).toBe(
      'root saw 6.1k tokens; the 14 files it touched are ~212k; the workspace is ~9.8M',
    );
    expect(runNodeMarkdown(withMeter, withMeter.get('root')!, 0)).toContain(
      '- **Context meter:** root saw 6.1k tokens; the 14 files it touched are ~212k; the workspace is ~9.8M',
    );
  });

  it('fences model text longer than any backtick run in it', () => {
    expect(fenced('a ```` b')).toBe('`````\na ```` b\n`````');
    // More backtick runs than a function call takes arguments.
    expect(fenced('` x '.repeat(300_000)).startsWith('```\n')).toBe(true);
  });
});

describe('pastRunDescription', () => {
  const summary = {
    reason: 'final' as const,
    durationMs: 4200,
    inputTokens: 3000,
    outputTokens: 400,
    costUsd: 0.0021,
    costComplete: true,
  };

  it('reads like a live run: duration · tokens · cost, and no timestamp', () => {
    expect(pastRunDescription(summary)).toBe('4.2 s · 3,400 tok · $0.0021');
  });

  it('names a reason other than a final answer, and costs it could not price', () => {
    expect(pastRunDescription({ ...summary, reason: 'max-iterations', costComplete: false })).toBe(
      'max-iterations · 4.2 s · 3,400 tok · ≥ $0.0021',
    );
    expect(
      pastRunDescription({
        ...summary,
        reason: undefined,
        durationMs: undefined,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        costComplete: false,
      }),
    ).toBe('interrupted · cost unknown');
  });
});
