import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Conversation } from '../../../src/core/engine/conversation';
import { askQuestion, type QuestionClients } from '../../../src/core/engine/questionService';
import { quickJsRepl, RlmEngine, type EngineRepl, type ReplFactory } from '../../../src/core/engine/rlmEngine';
import type { RunEvent } from '../../../src/core/engine/runEvents';
import { readRunLog } from '../../../src/core/engine/runLog';
import { OpenAiCompatibleClient } from '../../../src/core/llm/openAiCompatibleClient';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';
import { ScriptedModelServer } from '../../../src/testing/scriptedModelServer';
import { js, startHarness, type Harness } from './engineHarness';

let harness: Harness | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const secret = 'sk-test-0123456789abcdef';

function setup(h: Harness): { workspace: NodeWorkspace; clients: QuestionClients } {
  return {
    workspace: new NodeWorkspace({ roots: h.root, ripgrep: false }),
    clients: { ...h.clients, secrets: [secret] },
  };
}

describe('the question service: one path from a question to an outcome', () => {
  it('answers, fans every event out to each sink with secrets scrubbed, writes the run log, and survives a failing sink', async () => {
    harness = await startHarness([
      {
        match: { model: 'root-model', lastUser: 'Output' },
        reply: `FINAL(Login is in src/auth/login.ts:2; the key was ${secret})`,
      },
      { match: { model: 'root-model' }, reply: js('print(readFile("src/auth/login.ts").split("\\n").length)') },
    ]);
    const { workspace, clients } = setup(harness);
    const dir = mkdtempSync(join(tmpdir(), 'question-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const seen: RunEvent[] = [];
    const sinkErrors: string[] = [];
    const run = await askQuestion({
      question: 'Where is login?',
      workspace,
      clients,
      sinks: [
        () => {
          throw new Error('a view broke');
        },
        (event) => seen.push(event),
      ],
      onSinkError: (error, event) => sinkErrors.push(`${event.type}: ${(error as Error).message}`),
      runLog: join(dir, 'run.jsonl'),
    });
    expect(run.outcome).toEqual({ kind: 'answered', answer: 'Login is in src/auth/login.ts:2; the key was ***' });
    expect(run.result?.reason).toBe('final');
    expect(run.runLog).toBe(join(dir, 'run.jsonl'));
    expect(seen.map((e) => e.type)).toContain('run-start');
    expect(seen.at(-1)?.type).toBe('answer');
    expect(JSON.stringify(seen)).not.toContain(secret);
    expect(sinkErrors[0]).toBe('run-start: a view broke');
    expect(sinkErrors).toHaveLength(seen.length);
    const logged = readRunLog(join(dir, 'run.jsonl'));
    expect(logged.map((e) => e.id)).toEqual(seen.filter((e) => e.type !== 'model-delta').map((e) => e.id));
    expect(JSON.stringify(logged)).not.toContain(secret);
  });

  it('maps a limit to a limit outcome with the partial answer', async () => {
    harness = await startHarness([
      { match: { model: 'root-model', lastUser: 'Stop exploring' }, reply: 'Partial: src/main.ts:2' },
      { match: { model: 'root-model' }, reply: js('print("more")') },
    ]);
    const { workspace, clients } = setup(harness);
    const run = await askQuestion({ question: 'Explore?', workspace, clients, limits: { maxIterations: 1 } });
    expect(run.outcome).toMatchObject({ kind: 'limit', limit: 'max-iterations', answer: 'Partial: src/main.ts:2' });
  });

  it('resolves the clients when the question starts, and a failure to resolve is an error outcome carrying it', async () => {
    harness = await startHarness([{ match: { model: 'root-model' }, reply: 'FINAL(ok)' }]);
    const { workspace } = setup(harness);
    const refusal = new Error('Set up a model first: run "RLM: Configure Model".');
    const run = await askQuestion({ question: 'Anything?', workspace, clients: () => Promise.reject(refusal) });
    expect(run.outcome).toEqual({ kind: 'error', answer: '', message: refusal.message, error: refusal });
    expect(run.result).toBeUndefined();
    expect(harness.server.requests).toHaveLength(0);
  });

  it('stops at once while the clients are still being resolved', async () => {
    harness = await startHarness([{ match: { model: 'root-model' }, reply: 'FINAL(ok)' }]);
    const { workspace } = setup(harness);
    const controller = new AbortController();
    let resolving!: () => void;
    const asked = new Promise<void>((resolve) => (resolving = resolve));
    const running = askQuestion({
      question: 'Anything?',
      workspace,
      signal: controller.signal,
      // A provider that never answers (a consent prompt left open): Stop must not wait for it.
      clients: () => {
        resolving();
        return new Promise<QuestionClients>(() => undefined);
      },
    });
    await asked;
    controller.abort(new Error('stopped by the user'));
    expect((await running).outcome).toEqual({ kind: 'stopped', answer: '' });
  });

  it('reuses a conversation: a follow-up question sees the REPL variables of the one before', async () => {
    harness = await startHarness([
      { match: { model: 'root-model', lastUser: 'Question: second' }, reply: js('FINAL(String(count + 1))') },
      { match: { model: 'root-model', lastUser: 'Output' }, reply: 'FINAL(set)' },
      { match: { model: 'root-model', lastUser: 'Question: first' }, reply: js('count = 41\nprint("stored")') },
    ]);
    const { workspace, clients } = setup(harness);
    const conversation = new Conversation();
    cleanups.push(() => conversation.dispose());
    const first = await askQuestion({ question: 'first', workspace, clients, conversation });
    expect(first.outcome).toEqual({ kind: 'answered', answer: 'set' });
    const second = await askQuestion({ question: 'second', workspace, clients, conversation });
    expect(second.outcome).toEqual({ kind: 'answered', answer: '42' });
  });
});

describe("the engine's seams", () => {
  it('starts each REPL through the injected factory: one per run, one per child run, each disposed after', async () => {
    const started: string[] = [];
    const disposed: string[] = [];
    const counting: ReplFactory = async (host, limits) => {
      const repl = await quickJsRepl(host, limits);
      const name = `repl${started.length + 1}`;
      started.push(name);
      const counted: EngineRepl = {
        runCell: (code, signal) => repl.runCell(code, signal),
        dispose: () => (disposed.push(name), repl.dispose()),
      };
      return counted;
    };
    harness = await startHarness(
      [
        { match: { model: 'root-model', lastUser: 'Question: What is in README.md?' }, reply: 'FINAL(A demo app.)' },
        { match: { model: 'root-model' }, reply: js('FINAL(rlm("What is in README.md?"))') },
      ],
      {},
      'root-model',
      { createRepl: counting },
    );
    const result = await harness.engine.run('Parent', { limits: { maxDepth: 1 } });
    expect(result.answer).toBe('A demo app.');
    expect(started).toEqual(['repl1', 'repl2']);
    expect(disposed.sort()).toEqual(['repl1', 'repl2']);
  });

  it("Stop ends a run that waits on the endpoint's model list, without waiting for the list", async () => {
    let listed!: () => void;
    const listRequested = new Promise<void>((resolve) => (listed = resolve));
    let releaseList!: () => void;
    const held = new Promise<void>((resolve) => (releaseList = resolve));
    const server = await ScriptedModelServer.start([{ match: { model: 'slow-root' }, reply: 'FINAL(never asked)' }], {
      beforeModels: () => {
        listed();
        return held;
      },
    });
    cleanups.push(() => {
      releaseList();
      void server.close();
    });
    const root = mkdtempSync(join(tmpdir(), 'models-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const engine = new RlmEngine({ workspace: new NodeWorkspace({ roots: root, ripgrep: false }) });
    const client = new OpenAiCompatibleClient({ baseUrl: server.url, model: 'slow-root', timeoutMs: 60_000 });
    const controller = new AbortController();
    const events: RunEvent[] = [];
    const running = engine.run('Anything?', {
      root: client,
      sub: client,
      onEvent: (e) => events.push(e),
      signal: controller.signal,
    });
    await listRequested;
    controller.abort(new Error('stopped by the user'));
    // The list is still held: the run can only have ended because Stop reached the metadata lookup.
    const result = await running;
    expect(result.reason).toBe('cancelled');
    expect(server.requests).toHaveLength(0);
    expect(events.map((e) => e.type)).toEqual(['run-start', 'answer']);
  }, 9_000); // under the client's own 10 s limit on the model list, which would otherwise end the wait
});
