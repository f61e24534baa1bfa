/**
 * The state of a run, derived once from its events: the recursion tree's nodes, one line of figures per run, the
 * tree's totals as the budget reports them, the sub-calls and child runs in flight, what the root run is doing and
 * the answer streamed so far. The chat's progress strip and meter, the status bar, the tree view, the timeline, the
 * run history, `rlm ask`'s live tree and `rlm replay` all read this state; none of them sums events itself.
 */
import { finalAnswerSoFar } from './modelReply';
import { RecursionTree, type RecursionNode } from './recursionTree';
import type { RunEvent, RunTotals, StopReason } from './runEvents';
import { RunNodes, type RunNode } from './runTree';

/**
 * What one event changed. `changed` are tree nodes already shown whose item or children changed, `added` new ones;
 * `totals` is true when the budget's totals moved; `answer` is the answer text so far, when it changed.
 */
export interface RunStateChange {
  changed: string[];
  added: string[];
  totals: boolean;
  answer?: string;
}

/** What the root run is doing now. */
export type RunActivity =
  | { kind: 'starting' }
  | { kind: 'model'; iteration: number }
  | { kind: 'code' }
  | { kind: 'output' }
  | { kind: 'child-run'; question: string };

function emptyTotals(): RunTotals {
  return { inputTokens: 0, outputTokens: 0, costUsd: 0, costComplete: true, subCalls: 0 };
}

export class RunState {
  private readonly nodes = new RecursionTree();
  private readonly runNodes = new RunNodes();
  private rootId: string | undefined;
  private currentTotals: Readonly<RunTotals> = emptyTotals();
  private currentActivity: RunActivity = { kind: 'starting' };
  private rootIteration = 0;
  private rootReason: StopReason | undefined;
  /** Sub-calls sent and not yet ended: `<runId>:<callId>` → their run, so a run that ends drops its own. */
  private readonly subCallsOut = new Map<string, string>();
  private ended = 0;
  private childRunCount = 0;
  /** Child runs that started and have not ended, in start order: id → question. */
  private readonly activeChildRuns = new Map<string, string>();
  private outputs = 0;
  private replyKey = '';
  private reply = '';
  private shownAnswer = '';

  static fromEvents(events: Iterable<RunEvent>): RunState {
    const state = new RunState();
    for (const event of events) state.apply(event);
    return state;
  }

  /** The root run (the latest depth-0 run that started). */
  get rootRunId(): string | undefined {
    return this.rootId;
  }

  /** The whole tree's spending as the budget last reported it (a new object each time it changes). */
  get totals(): Readonly<RunTotals> {
    return this.currentTotals;
  }

  /** The root run's current iteration. */
  get iteration(): number {
    return this.rootIteration;
  }

  get activity(): RunActivity {
    return this.currentActivity;
  }

  /** Why the root run ended; undefined while it runs. */
  get reason(): StopReason | undefined {
    return this.rootReason;
  }

  get subCallsInFlight(): number {
    return this.subCallsOut.size;
  }

  /** Sub-calls that ended (answered or failed), across the tree. */
  get subCallsDone(): number {
    return this.ended;
  }

  get childRuns(): number {
    return this.childRunCount;
  }

  /** How many pieces of model output arrived (streamed text, replies, ended sub-calls): a retry's wait ends at the next. */
  get modelOutputs(): number {
    return this.outputs;
  }

  /** The root run's answer as it streams (after a plain-text `FINAL(`, or its "answer now" call). */
  get answer(): string {
    return this.shownAnswer;
  }

  // The recursion tree.
  get rootIds(): readonly string[] {
    return this.nodes.rootIds;
  }

  /** The latest event time seen, the end of bars still running. */
  get lastEventAt(): number {
    return this.nodes.lastEventAt;
  }

  get size(): number {
    return this.nodes.size;
  }

  get(id: string): Readonly<RecursionNode> | undefined {
    return this.nodes.get(id);
  }

  children(id: string): Readonly<RecursionNode>[] {
    return this.nodes.children(id);
  }

  /** Every node, parents before children, children in order. */
  walk(fromId?: string): Generator<Readonly<RecursionNode>> {
    return this.nodes.walk(fromId);
  }

  /** The deepest, newest node still running under `fromId` (or anywhere). */
  newestRunning(fromId?: string): Readonly<RecursionNode> | undefined {
    return this.nodes.newestRunning(fromId);
  }

  // One line of figures per run.
  /** Root runs with their child runs nested. */
  get runs(): readonly Readonly<RunNode>[] {
    return this.runNodes.roots;
  }

  run(runId: string): Readonly<RunNode> | undefined {
    return this.runNodes.get(runId);
  }

  apply(event: RunEvent): RunStateChange {
    const tree = this.nodes.apply(event);
    this.runNodes.apply(event);
    const change: RunStateChange = { changed: tree.changed, added: tree.added, totals: false };
    const ofRoot = event.runId === this.rootId;
    switch (event.type) {
      case 'run-start':
        if (event.depth === 0) this.startRoot(event.runId);
        else this.activeChildRuns.set(event.runId, event.question);
        break;
      case 'iteration':
        if (ofRoot) {
          this.rootIteration = event.iteration;
          this.currentActivity = { kind: 'model', iteration: event.iteration };
        }
        break;
      case 'model-delta':
        this.outputs++;
        if (ofRoot) change.answer = this.stream(event);
        break;
      case 'model-reply':
        this.outputs++;
        break;
      case 'code':
        if (ofRoot) this.currentActivity = { kind: 'code' };
        break;
      case 'output':
        if (ofRoot) this.currentActivity = { kind: 'output' };
        break;
      case 'sub-call-start':
        this.subCallsOut.set(`${event.runId}:${event.callId}`, event.runId);
        break;
      case 'sub-call':
        // Sub-calls share the retry hook: one that ended is past its wait. An end with no start still counts as done.
        this.outputs++;
        this.ended++;
        this.subCallsOut.delete(`${event.runId}:${event.callId}`);
        break;
      case 'child-run':
        this.childRunCount++;
        this.currentActivity = { kind: 'child-run', question: event.question };
        break;
      case 'totals':
        if (ofRoot) change.totals = this.setTotals(event.totals);
        break;
      case 'answer':
        // Sub-calls still out when their run ended were abandoned with it.
        for (const [key, runId] of this.subCallsOut) if (runId === event.runId) this.subCallsOut.delete(key);
        if (ofRoot) {
          this.rootReason = event.reason;
          change.totals = this.setTotals(event.totals);
        } else {
          this.activeChildRuns.delete(event.runId);
          const other = [...this.activeChildRuns.values()].at(-1);
          this.currentActivity = other === undefined ? { kind: 'code' } : { kind: 'child-run', question: other };
        }
        break;
      default:
        break;
    }
    return change;
  }

  private startRoot(runId: string): void {
    this.rootId = runId;
    this.rootIteration = 0;
    this.rootReason = undefined;
    this.currentTotals = emptyTotals();
    this.currentActivity = { kind: 'starting' };
    this.replyKey = '';
    this.reply = '';
    this.shownAnswer = '';
  }

  private setTotals(totals: RunTotals): boolean {
    const now = this.currentTotals;
    if (
      now.inputTokens === totals.inputTokens &&
      now.outputTokens === totals.outputTokens &&
      now.costUsd === totals.costUsd &&
      now.costComplete === totals.costComplete &&
      now.subCalls === totals.subCalls
    )
      return false;
    this.currentTotals = { ...totals };
    return true;
  }

  /** The answer so far when a streamed piece of the root's reply changed it; code-writing turns show nothing. */
  private stream(event: Extract<RunEvent, { type: 'model-delta' }>): string | undefined {
    const key = `${event.iteration}/${event.attempt}/${event.lastCall}`;
    if (key !== this.replyKey) {
      this.replyKey = key;
      this.reply = '';
    }
    this.reply += event.text;
    const answer = event.lastCall ? this.reply.trimStart() : finalAnswerSoFar(this.reply);
    if (answer === undefined || answer === this.shownAnswer) return undefined;
    this.shownAnswer = answer;
    return answer;
  }
}
