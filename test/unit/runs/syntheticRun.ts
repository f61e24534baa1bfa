/**
 * A synthetic run's events with made-up but consistent times: iterations of one model call and cells, each cell
 * fanning out parallel sub-calls and optional child runs (recursively). For unit tests and bench/treeBench.mjs.
 */
import type { RunEvent } from '../../../src/core/engine/runEvents';

export interface SyntheticShape {
  iterations: number;
  cellsPerIteration: number;
  /** Sub-calls per cell, all started together (a parallel batch). */
  subCallsPerCell: number;
  childRunsPerCell: number;
  /** How deep child runs nest (0: none). */
  maxDepth: number;
}

type Body = RunEvent extends infer E
  ? E extends RunEvent
    ? Omit<E, 'id' | 'runId' | 'parentRunId' | 'depth' | 'at'>
    : never
  : never;

export function syntheticRun(shape: SyntheticShape, start = 1_000_000): RunEvent[] {
  const events: RunEvent[] = [];
  let clock = start;
  let runs = 0;
  const usage = { inputTokens: 100, outputTokens: 20, estimated: false };
  // The tree's budget: like the engine, a 'totals' event of the root each time a sub-call is counted or a call settles.
  const totals = { inputTokens: 0, outputTokens: 0, costUsd: 0, costComplete: true, subCalls: 0 };
  const report = (at: number): void => {
    events.push({ type: 'totals', totals: { ...totals }, id: `e${events.length + 1}`, runId: 'root', depth: 0, at });
  };
  const spend = (costUsd: number, at: number): void => {
    totals.inputTokens += usage.inputTokens;
    totals.outputTokens += usage.outputTokens;
    totals.costUsd += costUsd;
    report(at);
  };
  const runOne = (runId: string, depth: number, parentRunId: string | undefined, question: string): void => {
    const emit = (body: Body, at = clock): void => {
      events.push({ ...body, id: `e${events.length + 1}`, runId, parentRunId, depth, at } as RunEvent);
    };
    emit({ type: 'run-start', question, model: 'root-model' });
    const runStart = clock;
    for (let iteration = 1; iteration <= shape.iterations; iteration++) {
      emit({ type: 'iteration', iteration });
      emit({ type: 'model-delta', iteration, text: 'Let me', attempt: 1, lastCall: false }, clock + 5);
      clock += 40;
      spend(0.001, clock);
      emit({ type: 'model-reply', iteration, text: `reply ${iteration}`, usage, costUsd: 0.001, durationMs: 40 });
      for (let cell = 0; cell < shape.cellsPerIteration; cell++) {
        const cellId = `${runId}.c${iteration}.${cell}`;
        const cellStart = clock;
        emit({ type: 'code', iteration, cellId, code: `llmMap(files, "x") // cell ${cell}` });
        // A parallel batch: all start together, end at staggered times.
        for (let s = 0; s < shape.subCallsPerCell; s++) {
          totals.subCalls++;
          report(cellStart);
        }
        for (let s = 0; s < shape.subCallsPerCell; s++) {
          spend(0.0001, cellStart + 21 + s);
          emit(
            {
              type: 'sub-call',
              callId: `${cellId}s${s}`,
              model: 'sub-model',
              prompt: `prompt ${s}`,
              answer: 'ok',
              usage,
              costUsd: 0.0001,
              startedAt: cellStart + 1,
              durationMs: 20 + s,
            },
            cellStart + 21 + s,
          );
        }
        clock = cellStart + 22 + shape.subCallsPerCell;
        if (depth < shape.maxDepth) {
          for (let c = 0; c < shape.childRunsPerCell; c++) {
            const childRunId = `r${++runs}`;
            emit({ type: 'child-run', childRunId, question: `child ${c} of ${runId}` });
            runOne(childRunId, depth + 1, runId, `child ${c} of ${runId}`);
          }
        }
        clock += 2;
        emit({ type: 'output', iteration, cellId, output: 'done', durationMs: clock - cellStart });
      }
    }
    clock += 30;
    spend(0.001, clock);
    emit({
      type: 'model-reply',
      iteration: shape.iterations,
      text: 'FINAL(answer)',
      usage,
      costUsd: 0.001,
      durationMs: 30,
    });
    emit({
      type: 'answer',
      answer: 'answer',
      reason: 'final',
      iterations: shape.iterations,
      totals: { ...totals },
      durationMs: clock - runStart,
    });
  };
  runOne('root', 0, undefined, 'Where is login?');
  return events;
}
