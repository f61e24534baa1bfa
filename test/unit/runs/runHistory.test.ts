import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/core/engine/runEvents';
import { RunHistory, type HistoryChange } from '../../../src/vscode/runs/runHistory';
import { RunStore } from '../../../src/vscode/runs/runStore';
import { syntheticRun } from './syntheticRun';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'runs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const shape = { iterations: 1, cellsPerIteration: 1, subCallsPerCell: 2, childRunsPerCell: 1, maxDepth: 1 };
/** The synthetic run with its root renamed, so several can share a history. */
const run = (rootId: string, start: number): RunEvent[] =>
  syntheticRun(shape, start).map((e) => {
    const renamed = JSON.parse(
      JSON.stringify(e).replaceAll('"root', `"${rootId}`).replaceAll('"r1', `"${rootId}-child`),
    ) as RunEvent;
    return renamed;
  });

describe('RunHistory', () => {
  it('records a live run with its child run, persists it, and tells which nodes changed', () => {
    const history = new RunHistory(new RunStore(dir));
    const changes: HistoryChange[] = [];
    history.onDidChange((change) => changes.push(change));
    const events = run('a', 1_000);
    const answerAt = events.findIndex((e) => e.type === 'answer' && e.runId === 'a');
    for (const event of events.slice(0, answerAt)) history.record(event);

    expect(history.runs().map((e) => [e.summary.runId, e.live])).toEqual([['a', true]]);
    expect(history.entry('a-child')?.summary.runId).toBe('a');
    expect(history.tree('a')?.get('a-child')?.parentId).toBe('a.c1.0');
    expect(changes[0]).toEqual({ kind: 'runs' });
    expect(changes.some((c) => c.kind === 'nodes' && c.nodeIds.includes('a-child'))).toBe(true);

    history.record(events[answerAt]);
    const [entry] = history.runs();
    expect(entry.live).toBe(false);
    expect(entry.summary).toMatchObject({
      runId: 'a',
      question: 'Where is login?',
      reason: 'final',
      inputTokens: 800,
      costComplete: true,
    });
    expect(entry.summary.costUsd).toBeCloseTo(0.0044, 10);
    // The log holds every event; the index holds the summary.
    expect(readFileSync(join(dir, 'a.jsonl'), 'utf8').trim().split('\n')).toHaveLength(
      events.filter((e) => e.type !== 'model-delta').length,
    );
    expect(JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'))).toEqual([entry.summary]);
  });

  it('lists past runs from disk newest first and loads their steps only when asked', () => {
    const first = new RunHistory(new RunStore(dir));
    for (const event of [...run('old', 1_000), ...run('new', 50_000)]) first.record(event);
    const again = new RunHistory(new RunStore(dir));
    expect(again.runs().map((e) => e.summary.runId)).toEqual(['new', 'old']);
    expect(again.runs().every((e) => !e.live && e.tree === undefined)).toBe(true);
    const tree = again.tree('old');
    expect(tree?.get('old')?.total.inputTokens).toBe(first.tree('old')?.get('old')?.total.inputTokens);
    expect([...tree!.walk()].map((n) => n.id)).toEqual([...first.tree('old')!.walk()].map((n) => n.id));
  });

  it('summarizes a run the window closed on (not in the index) as interrupted', () => {
    const events = run('cut', 1_000);
    writeFileSync(
      join(dir, 'cut.jsonl'),
      events
        .slice(0, 8)
        .map((e) => JSON.stringify(e))
        .join('\n'),
    );
    const [entry] = new RunHistory(new RunStore(dir)).runs();
    expect(entry.summary).toMatchObject({
      runId: 'cut',
      question: 'Where is login?',
      startedAt: 1_000,
      reason: undefined,
    });
  });

  it('keeps at most maxRuns, deleting the oldest', () => {
    const history = new RunHistory(new RunStore(dir, 2));
    for (const [index, id] of ['r-one', 'r-two', 'r-three'].entries())
      for (const event of run(id, 1_000 * (index + 1))) history.record(event);
    expect(history.runs().map((e) => e.summary.runId)).toEqual(['r-three', 'r-two']);
    expect(existsSync(join(dir, 'r-one.jsonl'))).toBe(false);
    expect(new RunStore(dir, 2).list().map((s) => s.runId)).toEqual(['r-three', 'r-two']);
  });

  it('exports a run as JSON and deletes it, but not while it runs', () => {
    const history = new RunHistory(new RunStore(dir));
    const events = run('x', 1_000);
    for (const event of events.slice(0, 5)) history.record(event);
    expect(() => history.delete('x')).toThrow(/still running/);
    for (const event of events.slice(5)) history.record(event);
    const exported = JSON.parse(history.exportJson('x')) as { run: { runId: string }; events: RunEvent[] };
    expect(exported.run.runId).toBe('x');
    expect(exported.events.map((e) => e.id)).toEqual(events.filter((e) => e.type !== 'model-delta').map((e) => e.id));
    history.delete('x');
    expect(history.runs()).toEqual([]);
    expect(existsSync(join(dir, 'x.jsonl'))).toBe(false);
    expect(new RunStore(dir).list()).toEqual([]);
  });

  it('never throws from record, and ignores events of runs it did not see start', () => {
    const logged: string[] = [];
    const history = new RunHistory(new RunStore(join(dir, 'file-not-dir.txt', 'runs')), (m) => logged.push(m));
    writeFileSync(join(dir, 'file-not-dir.txt'), 'blocks the folder');
    expect(() => history.record(run('y', 1)[0])).not.toThrow();
    expect(logged[0]).toMatch(/could not record run-start/);
    // A run whose log could not be opened is not left listed as running.
    expect(history.runs().filter((entry) => entry.live)).toEqual([]);
    expect(() =>
      history.record({ id: 'e', type: 'iteration', runId: 'unknown', depth: 0, at: 1, iteration: 1 }),
    ).not.toThrow();
  });

  it('refuses run ids that are not plain names', () => {
    expect(() => new RunStore(dir).logPath('../escape')).toThrow(/not a run id/);
  });
});
