/**
 * Root runs on disk: one JSON Lines event log per run (<dir>/<runId>.jsonl) and an index of their summaries
 * (<dir>/index.json), so the past-runs list opens without reading every log. Keeps at most `maxRuns`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunState } from '../../core/engine/runState';
import type { RunEvent, RunEventSink, StopReason } from '../../core/engine/runEvents';
import { jsonlRunLog, readRunLog } from '../../core/engine/runLog';

export interface RunSummary {
  runId: string;
  question: string;
  /** Epoch ms. */
  startedAt: number;
  /** Undefined while running, or when the window closed before the run ended (interrupted). */
  reason?: StopReason;
  durationMs?: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  costComplete: boolean;
  /** The context meter in words, once the run has ended. */
  contextMeter?: string;
}

const runIdPattern = /^[\w.-]{1,64}$/;

export class RunStore {
  constructor(
    readonly dir: string,
    readonly maxRuns = 50,
  ) {}

  /** Past runs, newest first; logs missing from the index are summarized from their events. */
  list(): RunSummary[] {
    const indexed = new Map(this.readIndex().map((summary) => [summary.runId, summary]));
    const onDisk = this.logIds();
    const summaries = onDisk.flatMap((runId) => {
      const known = indexed.get(runId);
      if (known) return [known];
      try {
        return [summarize(runId, readRunLog(this.logPath(runId)))];
      } catch {
        return [];
      }
    });
    return summaries.sort((a, b) => b.startedAt - a.startedAt);
  }

  /** A sink appending the run's events to its log. */
  writer(runId: string): RunEventSink {
    return jsonlRunLog(this.logPath(runId));
  }

  load(runId: string): RunEvent[] {
    return readRunLog(this.logPath(runId));
  }

  has(runId: string): boolean {
    return runIdPattern.test(runId) && existsSync(this.logPath(runId));
  }

  /** Records a summary and deletes the oldest runs past `maxRuns` (never those in `keep`); returns the deleted ids. */
  save(summary: RunSummary, keep: ReadonlySet<string> = new Set()): string[] {
    const summaries = [summary, ...this.list().filter((s) => s.runId !== summary.runId)].sort(
      (a, b) => b.startedAt - a.startedAt,
    );
    const removed = summaries.slice(this.maxRuns).filter((s) => !keep.has(s.runId) && s.runId !== summary.runId);
    for (const old of removed) rmSync(this.logPath(old.runId), { force: true });
    const gone = new Set(removed.map((s) => s.runId));
    this.writeIndex(summaries.filter((s) => !gone.has(s.runId)));
    return [...gone];
  }

  delete(runId: string): void {
    rmSync(this.logPath(runId), { force: true });
    this.writeIndex(this.readIndex().filter((s) => s.runId !== runId));
  }

  logPath(runId: string): string {
    if (!runIdPattern.test(runId)) throw new Error(`"${runId}" is not a run id.`);
    return join(this.dir, `${runId}.jsonl`);
  }

  private logIds(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((name) => name.endsWith('.jsonl'))
      .map((name) => name.slice(0, -'.jsonl'.length))
      .filter((id) => runIdPattern.test(id));
  }

  private readIndex(): RunSummary[] {
    try {
      const parsed: unknown = JSON.parse(readFileSync(join(this.dir, 'index.json'), 'utf8'));
      return Array.isArray(parsed) ? parsed.filter(isSummary) : [];
    } catch {
      return [];
    }
  }

  private writeIndex(summaries: RunSummary[]): void {
    mkdirSync(this.dir, { recursive: true });
    // Write then rename, so a crash mid-write never leaves a torn index.
    const temp = join(this.dir, `index.json.${process.pid}.tmp`);
    writeFileSync(temp, JSON.stringify(summaries));
    renameSync(temp, join(this.dir, 'index.json'));
  }
}

/** A run's summary from its state: the budget's last totals (those of its answer event when it ended). */
function summarize(runId: string, events: readonly RunEvent[]): RunSummary {
  const state = RunState.fromEvents(events);
  const root = state.run(runId);
  const { inputTokens, outputTokens, costUsd, costComplete } = state.totals;
  return {
    runId,
    question: root?.question ?? '',
    startedAt: root?.startedAt ?? 0,
    reason: root?.reason,
    durationMs: root?.durationMs,
    inputTokens,
    outputTokens,
    costUsd,
    costComplete,
  };
}

function isSummary(value: unknown): value is RunSummary {
  const s = value as Partial<RunSummary> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.runId === 'string' &&
    runIdPattern.test(s.runId) &&
    typeof s.question === 'string' &&
    typeof s.startedAt === 'number'
  );
}
