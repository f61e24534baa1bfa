// rlm ask against the scripted server: what reaches the terminal (no key, no control sequences) and what prices apply.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptedModelServer } from '../../../src/testing/scriptedModelServer';
import type { ScriptRule } from '../../../src/testing/scriptRules';
import { apiKey, cli, cliBuilt, cliMissing, js, runCliProcess, startAskFixture, type Exit } from './askProcess';

let repo: string;
let server: ScriptedModelServer | undefined;

beforeAll(() => {
  expect(cliBuilt(), cliMissing).toBe(true);
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(repo, { recursive: true, force: true });
});

function rlm(
  args: string[],
  env: Record<string, string>,
  onStderr?: (text: string, kill: (signal: NodeJS.Signals) => void) => void,
  cliPath = cli,
): Promise<Exit> {
  return runCliProcess(repo, args, env, onStderr, cliPath);
}

async function start(rules: ScriptRule[]): Promise<Record<string, string>> {
  const fixture = await startAskFixture(rules, 'rlm-ask-guard-');
  ({ repo, server } = fixture);
  return fixture.env;
}

/** Escape, bell and C1 characters: any of them in terminal output lets model text drive the terminal. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacter = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('rlm ask guardrails (built CLI, scripted server over HTTP)', () => {
  it('never shows a part of the key, even when the progress line is cut inside an echoed key', async () => {
    const env = await start([]);
    // The progress line is "  error: <message>" cut at 160 characters; put the echoed key across that cut.
    const before = `The model endpoint ${server!.url} refused the request for model "root-model" (HTTP 401: Incorrect API key provided: `;
    const padding = 'x'.repeat(Math.max(0, 160 - '  error: '.length - before.length - 12));
    server!.addRules({ status: 401, errorMessage: `Incorrect API key provided: ${padding}${apiKey} (see docs)` });
    const run = await rlm(['ask', 'Anything?'], env);
    expect(run.code).toBe(4);
    const errorLine = run.stderr.split('\n').find((line) => line.startsWith('  error: '));
    expect(errorLine, run.stderr).toBeDefined();
    expect(errorLine).toMatch(/\*\*\*.*…$/); // the key was inside the shown part, and the line was cut
    for (const output of [run.stderr, run.stdout]) {
      expect(output).not.toContain(apiKey.slice(0, 7));
      expect(output).not.toContain(apiKey.slice(-10));
    }
  });

  it('strips terminal control sequences from the answer, the question and error lines, keeping tabs and newlines', async () => {
    const hostile =
      'title\u001b]0;pwned\u0007 clear\u001b[2J csi\u009b31m osc\u009d8;;http://x\u009c bell\u0007 del\u007f c1\u0085';
    const env = await start([
      {
        match: { model: 'root-model', lastUser: 'Question:' },
        reply: js(`throw new Error(${JSON.stringify(hostile)})`),
      },
      { match: { model: 'root-model' }, reply: `FINAL(Answer ${hostile}\tcol\nsecond line)` },
    ]);
    const run = await rlm(['ask', 'Why \u001b[31mred\u001b[0m?'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(controlCharacter);
    expect(run.stderr).not.toMatch(controlCharacter);
    expect(run.stdout).toContain('\tcol\nsecond line');
    expect(run.stdout).toMatch(/^Answer title clear csi osc bell del c1/);
    expect(run.stderr).toContain('Why red?');
    expect(run.stderr).toMatch(/error: .*title clear csi/);
    const json = await rlm(['ask', 'Again?', '--json'], { ...env });
    expect(json.stdout).not.toMatch(controlCharacter);
    const parsed = JSON.parse(json.stdout) as { answer: string };
    expect(parsed.answer).toContain(hostile); // --json keeps the text exact, escaped
  });

  it('says the cost limit cannot apply when a model has no price, and counts cost with --pricing', async () => {
    const env = await start([{ match: { model: 'root-model' }, reply: 'FINAL(Priced.)' }]);
    const unpriced = await rlm(['ask', 'Cost?', '--json', '--max-tokens', '50000'], env);
    expect(unpriced.code).toBe(0);
    expect(unpriced.stderr).toContain(
      'cost limit cannot apply: no price for model "root-model" and "sub-model"; set --pricing FILE',
    );
    expect(unpriced.stderr).toContain('the run is bounded by --max-tokens 50000');
    expect((JSON.parse(unpriced.stdout) as { totals: { costComplete: boolean } }).totals.costComplete).toBe(false);

    writeFileSync(join(repo, 'prices.json'), JSON.stringify({ 'root-model': { input: 1000, output: 2000 } }));
    const rootOnly = await rlm(['ask', 'Cost?', '--json', '--pricing', 'prices.json'], env);
    expect(rootOnly.stderr).toMatch(/no price for model "sub-model"; set --pricing FILE .*--max-tokens 1000000/);
    expect(rootOnly.stderr).not.toContain('"root-model" and');
    const { totals } = JSON.parse(rootOnly.stdout) as {
      totals: { costUsd: number; costComplete: boolean; inputTokens: number; outputTokens: number };
    };
    expect(totals.costComplete).toBe(true);
    expect(totals.costUsd).toBeCloseTo((totals.inputTokens * 1000 + totals.outputTokens * 2000) / 1_000_000, 9);

    writeFileSync(
      join(repo, 'prices.json'),
      JSON.stringify({ 'root-model': { input: 1, output: 2 }, 'sub-model': { input: 0, output: 0 } }),
    );
    const allPriced = await rlm(['ask', 'Cost?', '--pricing', 'prices.json'], env);
    expect(allPriced.stderr).not.toContain('cost limit cannot apply');
  });

  it('refuses a price file with a bad entry (exit 2), naming the entry', async () => {
    const env = await start([{ reply: 'FINAL(never asked)' }]);
    writeFileSync(
      join(repo, 'prices.json'),
      JSON.stringify({ 'good-model': { input: 1, output: 1 }, 'root-model': { input: -1, output: 2 } }),
    );
    const negative = await rlm(['ask', 'Cost?', '--pricing', 'prices.json'], env);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toMatch(/entry "root-model" has "input": -1, which is not a non-negative number/);
    writeFileSync(join(repo, 'prices.json'), '{ "root-model": ');
    const broken = await rlm(['ask', 'Cost?', '--pricing', 'prices.json'], env);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/--pricing prices\.json: not valid JSON/);
    const missing = await rlm(['ask', 'Cost?', '--pricing', 'nowhere.json'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--pricing nowhere\.json: cannot read the file \(ENOENT\)/);
    expect(server!.requests).toHaveLength(0);
  });
});
