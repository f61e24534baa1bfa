import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptedModelServer } from '../../../src/testing/scriptedModelServer';
import type { ScriptRule } from '../../../src/testing/scriptRules';
import { apiKey, cli, cliBuilt, cliMissing, dist, js, runCliProcess, startAskFixture, type Exit } from './askProcess';

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
  const fixture = await startAskFixture(rules, 'rlm-ask-');
  ({ repo, server } = fixture);
  return fixture.env;
}

function runLogs(): string[] {
  const dir = join(repo, '.cache/rlm/runs');
  return readdirSync(dir).map((name) => join(dir, name));
}

describe('rlm ask (built CLI, scripted model over HTTP)', () => {
  it('counts tokens with the tokenizer bundle (dist/tokenizer.js) when the endpoint sends no usage', async () => {
    const env = await start([
      { match: { model: 'root-model' }, reply: 'FINAL(No usage from this endpoint.)', usage: null },
    ]);
    // A copy of dist/ with no node_modules above it, as the bundles are shipped: only dist/tokenizer.js can count.
    const shipped = mkdtempSync(join(tmpdir(), 'rlm-dist-'));
    cpSync(dist, shipped, { recursive: true });
    const run = await rlm(['ask', 'How many tokens?'], env, undefined, join(shipped, 'cli.js')).finally(() =>
      rmSync(shipped, { recursive: true, force: true }),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('No usage from this endpoint.\n');
    const reply = readFileSync(runLogs()[0], 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(
        (line) =>
          JSON.parse(line) as {
            type: string;
            usage?: { inputTokens: number; outputTokens: number; estimated: boolean };
          },
      )
      .find((e) => e.type === 'model-reply');
    expect(reply?.usage).toMatchObject({ estimated: true });
    expect(reply!.usage!.inputTokens).toBeGreaterThan(100);
    expect(reply!.usage!.outputTokens).toBeGreaterThan(3);
  });

  it('answers on stdout with a path:line citation, exit 0, and saves a run log that replay prints', async () => {
    const env = await start([
      {
        match: { model: 'root-model', lastUser: 'Question:' },
        reply: js(
          'const def = findSymbol("add")[0]\nconst why = llm("Summarise: " + readFile("src/lib/math.ts", 1, 4))\nprint(def.at, why)',
        ),
      },
      { match: { model: 'sub-model' }, reply: 'It adds two numbers.' },
      {
        match: { model: 'root-model', lastUser: 'Output of block' },
        reply: js('FINAL("add is defined at " + def.at + ": " + why)'),
      },
    ]);
    const run = await rlm(['ask', 'Where', 'is', 'add', 'defined?'], env);
    expect(run.stderr).toContain('symbol index:');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('add is defined at src/lib/math.ts:2: It adds two numbers.\n');
    expect(run.stderr).toMatch(/run log: \.cache\/rlm\/runs\/.*\.jsonl/);
    expect(run.stderr).not.toContain('\x1b['); // stderr is a pipe: appended lines, no redraw codes
    // The context meter: the root prompt's tokens, what the sub-call read, the one file read whole, the workspace.
    expect(run.stderr).toMatch(
      /answered: .*; root saw [\d.]+k? tokens; sub-calls read [\d.]+k?; the 1 file it touched is ~\d+; the workspace is ~[\d.]+k?\./,
    );
    expect(readFileSync(join(repo, '.cache/rlm/.gitignore'), 'utf8')).toContain('*');
    const [log] = runLogs();
    expect(readFileSync(log, 'utf8')).not.toContain(apiKey);
    expect(server!.requests[0].headers.authorization).toBe(`Bearer ${apiKey}`);

    const replay = await rlm(['replay', log], {});
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/^● Where is add defined\? \[final in \d+\.\d s\]/);
    expect(replay.stdout).toContain('1 sub-call(s)');
    expect(replay.stdout).toContain('cost unknown');
    expect(replay.stdout).toMatch(/· iteration 1: model \d+\.\d s, \d+ tokens, 1 cell\(s\)/);
  });

  it('stops at a limit with exit code 5 and prints the partial answer', async () => {
    const env = await start([
      { match: { model: 'root-model', lastUser: 'Stop exploring' }, reply: 'Partial: math lives in src/lib/math.ts:1' },
      { match: { model: 'root-model' }, reply: js('print(listFiles().length)') },
    ]);
    const run = await rlm(['ask', 'What is here?', '--max-iterations', '2', '--json'], env);
    expect(run.code).toBe(5);
    const result = JSON.parse(run.stdout) as {
      answer: string;
      reason: string;
      exitCode: number;
      runLog: string;
      context: Record<string, unknown>;
    };
    expect(result).toMatchObject({
      answer: 'Partial: math lives in src/lib/math.ts:1',
      reason: 'max-iterations',
      exitCode: 5,
    });
    expect(result.context).toMatchObject({ touchedFiles: 0, touchedFileTokens: 0, subCallInputTokens: 0 });
    expect(result.context.rootPromptTokens).toBeGreaterThan(100);
    expect(result.context.workspaceFiles).toBeGreaterThan(10);
    // The run log keeps the same figures on the root run's answer event.
    const logged = readFileSync(join(repo, result.runLog), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; context?: unknown });
    expect(logged.find((event) => event.type === 'answer')?.context).toEqual(result.context);
    expect(existsSync(join(repo, result.runLog))).toBe(true);
    const text = await rlm(['ask', 'What is here?', '--max-iterations', '1'], env);
    expect(text.code).toBe(5);
    expect(text.stdout).toBe('Partial: math lives in src/lib/math.ts:1\n');
    expect(text.stderr).toMatch(/stopped at a limit: max-iterations.*the answer above is partial/);
  });

  it('says how to configure an endpoint when none is set (exit 3)', async () => {
    repo = mkdtempSync(join(tmpdir(), 'rlm-ask-'));
    const run = await rlm(['ask', 'Anything?'], {});
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('no model endpoint is configured');
    expect(run.stderr).toContain('http://localhost:11434/v1');
    expect(run.stderr).toContain('http://localhost:1234/v1');
    expect(run.stderr).toContain('RLM_BASE_URL');
    const noModel = await rlm(['ask', 'Anything?', '--base-url', 'http://127.0.0.1:9/v1'], {});
    expect(noModel.code).toBe(3);
    expect(noModel.stderr).toContain('RLM_MODEL');
    const help = await rlm(['help', 'ask'], {});
    expect(help.stdout).toMatch(/Exit codes:[^]*130 {2}cancelled/);
  });

  it('explains a refused API key (exit 4) without ever showing the key, even when the endpoint echoes it', async () => {
    const env = await start([{ status: 401, errorMessage: `Incorrect API key provided: ${apiKey}` }]);
    const run = await rlm(['ask', 'Anything?'], env);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/refused the request for model "root-model" \(HTTP 401/);
    expect(run.stderr).toContain('Check the API key (RLM_API_KEY or OPENAI_API_KEY)');
    expect(run.stderr + run.stdout).not.toContain(apiKey);
    const [log] = runLogs();
    const logText = readFileSync(log, 'utf8');
    expect(logText).toContain('Incorrect API key provided: ***');
    expect(logText).not.toContain(apiKey);
  });

  it('cancels on Ctrl+C (exit 130) and still saves the run log', async () => {
    const env = await start([{ match: { model: 'root-model' }, reply: () => new Promise<string>(() => undefined) }]); // never answers
    let sent = false;
    const run = await rlm(['ask', 'Slow?'], env, (text, kill) => {
      if (sent || !text.includes('iteration 1')) return;
      sent = true;
      const waitForRequest = setInterval(() => {
        if (server?.requests.length !== 1) return; // the root model call is in flight
        clearInterval(waitForRequest);
        kill('SIGINT');
      }, 10);
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('cancelling');
    expect(run.stderr).toMatch(/cancelled \(.*\)\. Run log: /);
    await expect.poll(() => server!.requests[0].clientAborted).toBe(true); // the server sees the socket close after the CLI exits
    const events = readFileSync(runLogs()[0], 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; reason?: string });
    expect(events.at(-1)).toMatchObject({ type: 'answer', reason: 'cancelled' });
  });

  it('cancels a busy cell on Ctrl+C at once: the sandbox computes off the main thread', async () => {
    // The cell makes one sub-call and then spins: the sub-call's progress line says the cell is computing now.
    const env = await start([
      { match: { model: 'root-model' }, reply: js('let spins = 0\nllm("about to spin")\nwhile (true) spins++') },
      { match: { model: 'sub-model' }, reply: 'spin away' },
    ]);
    let sent = false;
    const run = await rlm(['ask', 'Spin?'], env, (text, kill) => {
      if (sent || !/sub-call \S+ ok/.test(text)) return;
      sent = true;
      kill('SIGINT'); // well inside the cell's 1 s CPU allowance, which only counts time spent computing
    });
    expect(run.code).toBe(130);
    const events = readFileSync(runLogs()[0], 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; stop?: string; reason?: string });
    // A sandbox on the main thread would have held Ctrl+C until its CPU limit: the cell would read 'cpu-time'.
    expect(events.find((e) => e.type === 'output')).toMatchObject({ stop: 'cancelled' });
    expect(events.at(-1)).toMatchObject({ type: 'answer', reason: 'cancelled' });
  });

  it('sizes its calls to --context-window (or RLM_CONTEXT_WINDOW)', async () => {
    const env = await start([{ match: { model: 'root-model' }, reply: 'FINAL(Sized.)' }]);
    const run = await rlm(['ask', 'How big?', '--context-window', '3000'], env);
    expect(run.code).toBe(0);
    expect(server!.requests[0].body.max_tokens).toBe(750); // a quarter of the window goes to the reply
    const fromEnv = await rlm(['ask', 'How big?'], { ...env, RLM_CONTEXT_WINDOW: '4000' });
    expect(fromEnv.code).toBe(0);
    expect(server!.requests[1].body.max_tokens).toBe(1000);
    const bad = await rlm(['ask', 'How big?', '--context-window', 'lots'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--context-window wants a whole number of at least 256');
  });
});
