import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contextMeterText, formatTokenCount } from '../../../src/core/engine/contextMeterText';
import { bytesPerToken, maxSampledFiles, workspaceSize } from '../../../src/core/engine/workspaceSize';
import type { Workspace } from '../../../src/core/workspace/workspace';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';
import { fixtureFiles, js, startHarness, type Harness } from './engineHarness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('the context meter', () => {
  it('reports the largest root prompt, what sub-calls read, the files touched whole and the workspace', async () => {
    harness = await startHarness([
      {
        match: { model: 'root-model', lastUser: 'Question:' },
        reply: js(
          'const a = readFile("src/auth/login.ts", 1, 2)\nconst m = llmMap(["src/auth/session.ts", "src/main.ts"], "What does it do?")\nprint(a.length, m.length)',
        ),
        usage: { promptTokens: 1500, completionTokens: 40 },
      },
      { match: { model: 'sub-model' }, reply: 'It makes sessions.', usage: { promptTokens: 300, completionTokens: 5 } },
      {
        match: { model: 'root-model', lastUser: 'Output of block' },
        reply: js('readFile("src/auth/login.ts")\nFINAL("done")'),
        usage: { promptTokens: 6100, completionTokens: 20 },
      },
    ]);
    const result = await harness.engine.run('What happens at login?');
    expect(result.reason).toBe('final');
    const touched = ['src/auth/login.ts', 'src/auth/session.ts', 'src/main.ts'];
    const touchedBytes = touched.reduce((sum, path) => sum + statSync(join(harness!.root, path)).size, 0);
    const allBytes = Object.keys(fixtureFiles).reduce((sum, path) => sum + statSync(join(harness!.root, path)).size, 0);
    expect(result.context).toEqual({
      rootPromptTokens: 6100,
      rootPromptEstimated: false,
      subCallInputTokens: 600,
      subCallsEstimated: false,
      touchedFiles: 3,
      touchedFileTokens: Math.round(touchedBytes / bytesPerToken),
      workspaceFiles: Object.keys(fixtureFiles).length,
      workspaceTokens: Math.round(allBytes / bytesPerToken),
    });
    // The files are reported on the cells that read them, and the figures on the root run's answer event (the run log's).
    const outputs = harness.events.filter((e) => e.type === 'output');
    expect(outputs.map((e) => e.type === 'output' && e.files)).toEqual([
      ['src/auth/login.ts', 'src/auth/session.ts', 'src/main.ts'],
      ['src/auth/login.ts'],
    ]);
    const answer = harness.events.find((e) => e.type === 'answer');
    expect(answer?.type === 'answer' && answer.context).toEqual(result.context);
  });

  it('marks counts the endpoint did not report as estimates', async () => {
    harness = await startHarness([{ match: { model: 'root-model' }, reply: 'FINAL(nothing read)', usage: null }]);
    const result = await harness.engine.run('Anything?');
    expect(result.context?.rootPromptEstimated).toBe(true);
    expect(result.context?.touchedFiles).toBe(0);
    expect(contextMeterText(result.context!)).toMatch(
      /^root saw ~\d[\d.]*k? tokens; it read no whole file; the workspace is ~/,
    );
  });

  it('says it in one line', () => {
    expect(
      contextMeterText({
        rootPromptTokens: 6100,
        rootPromptEstimated: false,
        subCallInputTokens: 0,
        subCallsEstimated: false,
        touchedFiles: 14,
        touchedFileTokens: 212_000,
        workspaceFiles: 900,
        workspaceTokens: 9_800_000,
      }),
    ).toBe('root saw 6.1k tokens; the 14 files it touched are ~212k; the workspace is ~9.8M');
    expect(
      contextMeterText({
        rootPromptTokens: 950,
        rootPromptEstimated: true,
        subCallInputTokens: 40_000,
        subCallsEstimated: true,
        touchedFiles: 1,
        touchedFileTokens: 300,
      }),
    ).toBe('root saw ~950 tokens; sub-calls read ~40k; the 1 file it touched is ~300');
    expect([formatTokenCount(12_345), formatTokenCount(1_000_000)]).toEqual(['12k', '1M']);
  });

  it('measures a workspace once, from a bounded sample of file sizes', async () => {
    const total = 80_000;
    let lists = 0;
    const located: string[] = [];
    const files = Array.from({ length: total }, (_, i) => `src/f${String(i).padStart(5, '0')}.ts`);
    const real = new NodeWorkspace({ roots: __dirname, ripgrep: false });
    const big: Workspace = {
      roots: real.roots,
      listFiles: async () => {
        lists++;
        return { files, total, omitted: 0 };
      },
      grep: real.grep.bind(real),
      readFile: real.readFile.bind(real),
      locate: async (path) => {
        located.push(path);
        return { fsPath: __filename, displayPath: path };
      },
    };
    const first = await workspaceSize(big);
    const again = await workspaceSize(big);
    expect(again).toBe(first);
    expect(lists).toBe(1);
    expect(located.length).toBe(maxSampledFiles);
    expect(first).toEqual({
      files: total,
      tokens: Math.round((statSync(__filename).size * total) / bytesPerToken),
      sampled: true,
    });
  });
});
