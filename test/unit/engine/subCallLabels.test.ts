import { afterEach, describe, expect, it } from 'vitest';
import { RunState } from '../../../src/core/engine/runState';
import { distinguishingLabels } from '../../../src/core/sandbox/subCallLabels';
import { js, startHarness, type Harness } from './engineHarness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('sub-call labels', () => {
  it('name each call of a batch by the words its prompt does not share with the others', () => {
    expect(
      distinguishingLabels(['One line: what does src/a.ts export?', 'One line: what does src/b.ts export?']),
    ).toEqual(['src/a.ts export?', 'src/b.ts export?']);
    expect(distinguishingLabels(['same', 'same'])).toEqual(['same', 'same']);
    expect(distinguishingLabels(['only one prompt here'])).toEqual(['only one prompt here']);
  });

  it('show llmMap calls by file and line range and llmBatch calls by their own words in the recursion tree', async () => {
    harness = await startHarness([
      {
        match: { model: 'root-model', lastUser: 'Question:' },
        reply: js(
          'llmMap(["src/auth/login.ts", "src/auth/session.ts"], "One line: what does this file export?")\nllmBatch(["Summarise the login flow", "Summarise the session store"])',
        ),
      },
      { match: { model: 'root-model' }, reply: 'FINAL(done)' },
      { match: { model: 'sub-model' }, reply: 'ok' },
    ]);
    await harness.engine.run('Label?');
    const tree = new RunState();
    for (const event of harness.events) tree.apply(event);
    const all = (id: string): ReturnType<RunState['children']> => tree.children(id).flatMap((n) => [n, ...all(n.id)]);
    const labels = tree.rootIds
      .flatMap(all)
      .filter((n) => n.kind === 'sub-call')
      .map((n) => n.label)
      .sort();
    expect(labels).toEqual(['login flow', 'session store', 'src/auth/login.ts:1-4', 'src/auth/session.ts:1-3']);
  });
});
