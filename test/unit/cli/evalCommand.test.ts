import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateQuestions } from '../../../src/core/eval/generateQuestions';
import type { EvalOutput, EvalQuestion } from '../../../src/core/eval/evalTypes';
import { SymbolIndex } from '../../../src/core/symbols/symbolIndex';
import { indexableFiles } from '../../../src/core/symbols/workspaceFiles';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';
import type { ScriptedModelServer } from '../../../src/testing/scriptedModelServer';
import type { RecordedRequest, ScriptRule } from '../../../src/testing/scriptRules';
import { cliBuilt, cliMissing, js, runCliProcess, startAskFixture, type Exit } from './askProcess';

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

const usage = { promptTokens: 1000, completionTokens: 50 };
const kinds = ['locate', 'callers', 'imports'] as const;

/** The questions `rlm eval` generates for this repo and seed, computed here through the same index. */
async function questionsFor(root: string, count: number, seed: number): Promise<EvalQuestion[]> {
  const workspace = new NodeWorkspace({ roots: root, ripgrep: false });
  const files = await indexableFiles(workspace);
  const index = new SymbolIndex({ root, options: { workers: 0 } });
  await index.build(files);
  try {
    return generateQuestions(index, files, { count, kinds, seed });
  } finally {
    index.dispose();
  }
}

function rightAnswer(question: EvalQuestion): string {
  const { expect: e } = question;
  if (e.type === 'ranges') return `It is at ${e.ranges.map((r) => `${r.file}:${r.startLine}`).join(', ')}.`;
  if (e.type === 'files') return `Imported by ${e.files.join(', ')}.`;
  return 'unknown';
}

/** A policy over the scripted server: finds which question a request asks and answers it, right or wrong. */
function policy(questions: readonly EvalQuestion[], right: boolean): ScriptRule[] {
  const answer = (request: RecordedRequest): string => {
    const text = request.messages.map((m) => m.content).join('\n');
    const question = questions.find((q) => text.includes(q.question));
    const reply = question && right ? rightAnswer(question) : 'It is at README.md:1 and src/nowhere.ts:3.';
    // The direct baseline is one plain call; the engine's root model ends with FINAL in code.
    return request.messages[0]?.content.startsWith('You answer questions about a codebase')
      ? reply
      : js(`FINAL(${JSON.stringify(reply)})`);
  };
  return [{ match: { model: 'root-model' }, reply: answer, usage }];
}

async function evalRun(
  args: string[],
  env: Record<string, string>,
  onStderr?: (text: string, kill: (signal: NodeJS.Signals) => void) => void,
): Promise<Exit> {
  return runCliProcess(repo, ['eval', ...args], env, onStderr);
}

function chatRequests(): RecordedRequest[] {
  return server!.requests.filter((r) => r.messages.length > 0);
}

describe('rlm eval (built CLI, scripted model over HTTP)', () => {
  it('scores a policy that answers right apart from one that answers wrong, from the same seeded questions', async () => {
    const fixture = await startAskFixture([], 'rlm-eval-');
    ({ repo, server } = fixture);
    const questions = await questionsFor(repo, 6, 7);
    expect(questions.map((q) => q.kind).sort()).toEqual([
      'callers',
      'callers',
      'imports',
      'imports',
      'locate',
      'locate',
    ]);
    server.addRules(...policy(questions, true));
    const right = await evalRun(
      ['--questions', '6', '--seed', '7', '--modes', 'rlm,rlm-depth0,direct', '--out', 'right.json'],
      fixture.env,
    );
    expect(right.stderr).toMatch(/question 6\/6 · direct · \d+\/17 correct so far/);
    expect(right.code).toBe(0);
    const good = JSON.parse(readFileSync(join(repo, 'right.json'), 'utf8')) as EvalOutput;
    // The same seed gives the same questions, here and in the CLI.
    expect(good.questions).toEqual(questions);
    for (const mode of ['rlm', 'rlm-depth0', 'direct'] as const)
      expect(good.summary[mode]!.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(right.stdout).toMatch(/^mode +accuracy/);

    await server.close();
    ({ server } = { server: (await startAskFixture(policy(questions, false), 'rlm-eval-unused-')).server });
    const wrong = await evalRun(['--questions', '6', '--seed', '7', '--modes', 'rlm,direct', '--out', 'wrong.json'], {
      ...fixture.env,
      RLM_BASE_URL: server.url,
    });
    expect(wrong.code).toBe(0);
    const bad = JSON.parse(readFileSync(join(repo, 'wrong.json'), 'utf8')) as EvalOutput;
    expect(bad.questions).toEqual(questions);
    for (const mode of ['rlm', 'direct'] as const) {
      expect(bad.summary[mode]!.accuracy).toBeLessThanOrEqual(0.2);
      expect(bad.summary[mode]!.meanScore).toBeLessThanOrEqual(0.2);
    }
  });

  it('reports token and cost totals equal to the sum of what the server reported, in JSON and the report', async () => {
    const fixture = await startAskFixture([], 'rlm-eval-');
    ({ repo, server } = fixture);
    const questions = await questionsFor(repo, 3, 1);
    server.addRules(...policy(questions, true));
    writeFileSync(join(repo, 'prices.json'), JSON.stringify({ 'root-model': { input: 2, output: 10 } }));
    const run = await evalRun(
      [
        '--questions',
        '3',
        '--modes',
        'rlm,direct',
        '--pricing',
        'prices.json',
        '--out',
        'out.json',
        '--report',
        'report/eval.md',
      ],
      fixture.env,
    );
    expect(run.code).toBe(0);
    const output = JSON.parse(readFileSync(join(repo, 'out.json'), 'utf8')) as EvalOutput;
    const calls = chatRequests().length;
    expect(output.results).toHaveLength(6);
    expect(output.results.reduce((sum, r) => sum + r.inputTokens, 0)).toBe(calls * usage.promptTokens);
    expect(output.results.reduce((sum, r) => sum + r.outputTokens, 0)).toBe(calls * usage.completionTokens);
    const cost = (calls * (usage.promptTokens * 2 + usage.completionTokens * 10)) / 1e6;
    const summed = output.summary.rlm!.costUsd + output.summary.direct!.costUsd;
    expect(summed).toBeCloseTo(cost, 6);
    const report = readFileSync(join(repo, 'report/eval.md'), 'utf8');
    expect(report).toContain('| Mode | Accuracy |');
    expect(report).toContain(`| rlm | 100% | 1.00 | ${output.summary.rlm!.meanInputTokens} |`);
    expect(report).toContain('![Accuracy against cost per mode](eval.svg)');
    const svg = readFileSync(join(repo, 'report/eval.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('>rlm</text>');
    expect(svg).toContain('cost (USD, all questions)');
  });

  it('pastes what fits the stated window in direct mode and says the rest was left out, without failing', async () => {
    const fixture = await startAskFixture([], 'rlm-eval-');
    ({ repo, server } = fixture);
    const questions = await questionsFor(repo, 2, 1);
    server.addRules(...policy(questions, true));
    const run = await evalRun(
      ['--questions', '2', '--modes', 'direct', '--context-window', '1500', '--out', 'out.json'],
      fixture.env,
    );
    expect(run.code).toBe(0);
    const line = /direct mode: (\d+) of (\d+) files fit the 1500-token context window; (\d+) were left out/.exec(
      run.stderr,
    );
    expect(line, run.stderr).not.toBeNull();
    const [, included, total, omitted] = line!.map(Number);
    expect(included).toBeGreaterThan(0);
    expect(included + omitted).toBe(total);
    const prompt = chatRequests()[0].messages[1].content;
    expect(prompt).toContain(
      `[${omitted} of ${total} files were left out: they did not fit the model's 1500-token context window.`,
    );
    // Sized for the window: bytes / 3 never under-counts a BPE token.
    expect(Buffer.byteLength(prompt) / 3).toBeLessThan(1500);
    const output = JSON.parse(readFileSync(join(repo, 'out.json'), 'utf8')) as EvalOutput;
    expect(output.results.map((r) => r.answer.startsWith('[the run failed'))).toEqual([false, false]);
  });

  it('names the bad lines of a questions file by number and still runs the good ones', async () => {
    const fixture = await startAskFixture(
      [{ match: { model: 'root-model' }, reply: js('FINAL("add is at src/lib/math.ts:2")'), usage }],
      'rlm-eval-',
    );
    ({ repo, server } = fixture);
    writeFileSync(
      join(repo, 'q.jsonl'),
      [
        JSON.stringify({ question: 'Where is add defined?', expect: ['src/lib/math.ts:1-4'] }),
        '{"question": "unterminated',
        JSON.stringify({ question: 'Who adds?' }),
        '',
        JSON.stringify({ question: 'Name the adder', expect: 'math\\.ts:\\d+' }),
        JSON.stringify({ question: 'Bad regex', expect: '(unclosed' }),
      ].join('\n'),
    );
    const run = await evalRun(['--questions-file', 'q.jsonl', '--modes', 'rlm', '--out', 'out.json'], fixture.env);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/q\.jsonl:2: this line is not JSON/);
    expect(run.stderr).toMatch(/q\.jsonl:3: this line has no usable "expect"/);
    expect(run.stderr).toMatch(/q\.jsonl:6: this line has an "expect" regex that does not compile/);
    const output = JSON.parse(readFileSync(join(repo, 'out.json'), 'utf8')) as EvalOutput;
    expect(output.questions.map((q) => q.id)).toEqual(['custom-1', 'custom-5']);
    expect(output.results.map((r) => [r.questionId, r.correct])).toEqual([
      ['custom-1', true],
      ['custom-5', true],
    ]);
  });

  it('keeps the finished results when Ctrl+C stops it', async () => {
    const fixture = await startAskFixture([], 'rlm-eval-');
    ({ repo, server } = fixture);
    const questions = await questionsFor(repo, 3, 1);
    // The second question's run waits at the endpoint until the process is interrupted.
    server.addRules(
      { match: { model: 'root-model', anyMessage: questions[1].question }, reply: 'never', delayMs: 60_000 },
      ...policy(questions, true),
    );
    let sent = false;
    const run = await evalRun(
      ['--questions', '3', '--modes', 'rlm', '--out', 'out.json', '--report', 'eval.md'],
      fixture.env,
      (text, kill) => {
        if (!sent && text.includes('question 2/3')) {
          sent = true;
          kill('SIGINT');
        }
      },
    );
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('kept 1 result(s)');
    const output = JSON.parse(readFileSync(join(repo, 'out.json'), 'utf8')) as EvalOutput;
    expect(output.results.map((r) => r.questionId)).toEqual([questions[0].id]);
    expect(readFileSync(join(repo, 'eval.md'), 'utf8')).toContain('Cancelled: 1 of 3 runs finished');
  });
});
