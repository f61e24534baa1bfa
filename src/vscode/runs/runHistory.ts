/**
 * Every run the extension starts, live and past: the recorder the chat feeds, the model behind the recursion tree
 * view and the timeline. Root runs are persisted as they happen; past runs load lazily when opened.
 */
import { RunState } from '../../core/engine/runState';
import { contextMeterText } from '../../core/engine/contextMeterText';
import type { RunEvent, RunEventSink } from '../../core/engine/runEvents';
import type { RunRecorder } from '../extensionServices';
import type { RunStore, RunSummary } from './runStore';

export interface RunEntry {
  summary: RunSummary;
  live: boolean;
  /** The run's state, built from events for live runs; loaded from the log on first use for past ones. */
  tree?: RunState;
}

/** What changed: the run list itself, or nodes of one run (by node id). */
export type HistoryChange = { kind: 'runs' } | { kind: 'nodes'; runId: string; nodeIds: string[] };

export class RunHistory implements RunRecorder {
  private readonly entries = new Map<string, RunEntry>();
  /** Child run id → its root run id. */
  private readonly rootOf = new Map<string, string>();
  private readonly sinks = new Map<string, RunEventSink>();
  private readonly listeners = new Set<(change: HistoryChange) => void>();

  constructor(
    readonly store: RunStore,
    private readonly log: (message: string) => void = () => {},
  ) {
    for (const summary of store.list()) this.entries.set(summary.runId, { summary, live: false });
  }

  onDidChange(listener: (change: HistoryChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Runs newest first. */
  runs(): RunEntry[] {
    return [...this.entries.values()].sort((a, b) => b.summary.startedAt - a.summary.startedAt);
  }

  entry(runId: string): RunEntry | undefined {
    return this.entries.get(this.rootOf.get(runId) ?? runId);
  }

  /** The run's state, read from its log on first use; undefined when the log is gone or unreadable. */
  tree(runId: string): RunState | undefined {
    const entry = this.entry(runId);
    if (!entry) return undefined;
    if (!entry.tree) {
      try {
        entry.tree = RunState.fromEvents(this.store.load(entry.summary.runId));
      } catch (error) {
        this.log(
          `runs: could not read run ${entry.summary.runId}: ${error instanceof Error ? error.message : String(error)}`,
        );
        return undefined;
      }
    }
    return entry.tree;
  }

  /** The root run holding `nodeId`, looked up in loaded trees when `runId` is not known (e.g. a child run's id). */
  rootIdOf(runId: string, nodeId?: string): string | undefined {
    const direct = this.entry(runId);
    if (direct) return direct.summary.runId;
    if (nodeId === undefined) return undefined;
    return this.runs().find((entry) => entry.tree?.get(nodeId))?.summary.runId;
  }

  record(event: RunEvent): void {
    try {
      this.apply(event);
    } catch (error) {
      this.log(`runs: could not record ${event.type}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The JSON of a run: its summary and every event in its log. */
  exportJson(runId: string): string {
    const entry = this.entry(runId);
    if (!entry) throw new Error(`No run ${runId}.`);
    return JSON.stringify({ run: entry.summary, events: this.store.load(entry.summary.runId) }, null, 2);
  }

  delete(runId: string): void {
    const entry = this.entry(runId);
    if (!entry) return;
    if (entry.live) throw new Error('The run is still running; stop it before deleting it.');
    this.store.delete(entry.summary.runId);
    this.forget(entry.summary.runId);
    this.fire({ kind: 'runs' });
  }

  private forget(rootId: string): void {
    this.entries.delete(rootId);
    for (const [child, root] of this.rootOf) if (root === rootId) this.rootOf.delete(child);
  }

  private apply(event: RunEvent): void {
    if (event.type === 'run-start' && event.parentRunId === undefined) return this.startRoot(event);
    const rootId = this.rootOf.get(event.runId) ?? (this.entries.has(event.runId) ? event.runId : undefined);
    const entry = rootId === undefined ? undefined : this.entries.get(rootId);
    if (!entry?.live || !entry.tree || rootId === undefined) return;
    if (event.type === 'child-run') this.rootOf.set(event.childRunId, rootId);
    this.sinks.get(rootId)?.(event);
    const change = entry.tree.apply(event);
    if (event.type === 'answer' && event.runId === rootId) return this.endRoot(entry, event);
    if (change.changed.length > 0) this.fire({ kind: 'nodes', runId: rootId, nodeIds: change.changed });
  }

  private startRoot(event: Extract<RunEvent, { type: 'run-start' }>): void {
    // First, so a run whose log cannot be opened is not left listed as running forever.
    const sink = this.store.writer(event.runId);
    const tree = new RunState();
    tree.apply(event);
    const summary: RunSummary = {
      runId: event.runId,
      question: event.question,
      startedAt: event.at,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      costComplete: true,
    };
    this.entries.set(event.runId, { summary, live: true, tree });
    this.sinks.set(event.runId, sink);
    sink(event);
    this.persist(summary);
    this.fire({ kind: 'runs' });
  }

  private endRoot(entry: RunEntry, event: Extract<RunEvent, { type: 'answer' }>): void {
    entry.live = false;
    this.sinks.delete(entry.summary.runId);
    const { inputTokens, outputTokens, costUsd, costComplete } = event.totals;
    entry.summary = {
      ...entry.summary,
      reason: event.reason,
      durationMs: event.durationMs,
      inputTokens,
      outputTokens,
      costUsd,
      costComplete,
      ...(event.context ? { contextMeter: contextMeterText(event.context) } : {}),
    };
    this.persist(entry.summary);
    this.fire({ kind: 'runs' });
  }

  private persist(summary: RunSummary): void {
    const live = new Set(
      this.runs()
        .filter((entry) => entry.live)
        .map((entry) => entry.summary.runId),
    );
    for (const removed of this.store.save(summary, live)) this.forget(removed);
  }

  private fire(change: HistoryChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.log(`runs: a listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
