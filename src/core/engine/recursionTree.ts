/**
 * The recursion tree of a run, step by step: run → iterations → model calls and code cells → sub-calls and child
 * runs (recursively): the node part of `RunState`, which applies each event once; each applied event reports the
 * nodes it changed, so a view refreshes only those.
 */
import { contextMeterText } from './contextMeterText';
import type { RunEvent, StopReason } from './runEvents';

type RecursionNodeKind = 'run' | 'iteration' | 'model-call' | 'code-cell' | 'sub-call';
export type RecursionNodeState = 'running' | 'done' | 'error' | 'limited' | 'cancelled';

/** Tokens and known cost; `unpricedCalls` counts calls whose model had no price (the cost is then a lower bound). */
export interface NodeUsage {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  pricedCalls: number;
  unpricedCalls: number;
}

export interface RecursionNode {
  /** Stable: the run id, `<run>:i<n>`, `<run>:m<n>`, the engine's cell id, or `<run>:s<callId>`. */
  id: string;
  kind: RecursionNodeKind;
  /** The run this step belongs to (for a run node, itself). */
  runId: string;
  depth: number;
  parentId?: string;
  /** First line of the question, prompt or code. */
  label: string;
  state: RecursionNodeState;
  /** Epoch ms. */
  startedAt: number;
  endedAt?: number;
  /** This node's own model call (model-call and sub-call nodes). */
  own: NodeUsage;
  /** Own usage plus every descendant's. */
  total: NodeUsage;
  childIds: string[];
  detail: NodeDetail;
}

/** The full text behind a node, for its detail document. */
interface NodeDetail {
  question?: string;
  model?: string;
  iteration?: number;
  prompt?: string;
  code?: string;
  output?: string;
  response?: string;
  error?: string;
  reason?: StopReason;
  limits?: string[];
  cellStop?: string;
  estimatedUsage?: boolean;
  /** What was summarized or cut to fit the model's context window, and any smaller retry after an overflow. */
  contextNote?: string;
  /** A root run's context meter in words: "root saw 6.1k tokens; the 14 files it touched are ~212k; …". */
  contextMeter?: string;
}

/** What one event did: `changed` are nodes already shown whose item or children changed; `added` are new nodes. */
export interface TreeChange {
  changed: string[];
  added: string[];
}

function emptyUsage(): NodeUsage {
  return { inputTokens: 0, outputTokens: 0, costUsd: 0, pricedCalls: 0, unpricedCalls: 0 };
}

/** Per run: where its next steps go while it runs. */
interface RunCursor {
  iterationId?: string;
  iterationNumber: number;
  modelCalls: number;
  pendingModelCallId?: string;
  openCellId?: string;
  lastCellId?: string;
  /** Sub-calls sent and not yet answered. */
  openSubCallIds: Set<string>;
  /** When the last limit was reported: the start of the "answer now" call that may follow. */
  lastLimitAt?: number;
}

export class RecursionTree {
  readonly rootIds: string[] = [];
  private readonly nodes = new Map<string, RecursionNode>();
  private readonly cursors = new Map<string, RunCursor>();
  /** The latest event time seen, the end of bars still running. */
  lastEventAt = 0;

  get(id: string): RecursionNode | undefined {
    return this.nodes.get(id);
  }

  get size(): number {
    return this.nodes.size;
  }

  children(id: string): RecursionNode[] {
    return (this.nodes.get(id)?.childIds ?? []).flatMap((childId) => this.nodes.get(childId) ?? []);
  }

  /** Every node, parents before children, children in order. */
  *walk(fromId?: string): Generator<RecursionNode> {
    const stack = [...(fromId === undefined ? this.rootIds : [fromId])].reverse();
    while (stack.length > 0) {
      const node = this.nodes.get(stack.pop() as string);
      if (!node) continue;
      yield node;
      for (let i = node.childIds.length - 1; i >= 0; i--) stack.push(node.childIds[i]);
    }
  }

  /** The deepest, newest node still running under `fromId` (or anywhere). */
  newestRunning(fromId?: string): RecursionNode | undefined {
    let found: RecursionNode | undefined;
    for (const node of this.walk(fromId)) {
      if (node.state === 'running' && (!found || node.startedAt >= found.startedAt)) found = node;
    }
    return found;
  }

  apply(event: RunEvent): TreeChange {
    const change: TreeChange = { changed: [], added: [] };
    this.lastEventAt = Math.max(this.lastEventAt, event.at);
    if (event.type === 'run-start') {
      this.startRun(event, change);
      return change;
    }
    const run = this.nodes.get(event.runId);
    const cursor = this.cursors.get(event.runId);
    if (event.type === 'sub-call' && !cursor) {
      // A sub-call of a run that already ended (a child stopped by a limit): it was still paid for, so it counts.
      const late = this.nodes.get(`${event.runId}:s${event.callId}`);
      if (late) this.endSubCall(late, event, change);
      return change;
    }
    if (!run || !cursor) return change;
    switch (event.type) {
      case 'iteration': {
        this.closeIteration(cursor, 'done', event.at, change);
        const id = `${event.runId}:i${event.iteration}`;
        cursor.iterationId = id;
        cursor.iterationNumber = event.iteration;
        this.add(
          {
            id,
            kind: 'iteration',
            runId: event.runId,
            depth: event.depth,
            parentId: run.id,
            label: `Iteration ${event.iteration}`,
            startedAt: event.at,
            detail: { iteration: event.iteration },
          },
          change,
        );
        break;
      }
      case 'model-delta':
        if (!cursor.pendingModelCallId)
          this.startModelCall(
            run,
            cursor,
            event.lastCall ? (cursor.lastLimitAt ?? event.at) : this.iterationStart(cursor, event.at),
            event.iteration,
            change,
          );
        break;
      case 'model-reply': {
        const id =
          cursor.pendingModelCallId ??
          this.startModelCall(run, cursor, event.at - event.durationMs, event.iteration, change);
        cursor.pendingModelCallId = undefined;
        const node = this.nodes.get(id) as RecursionNode;
        node.startedAt = event.at - event.durationMs;
        node.detail.response = event.text;
        node.detail.estimatedUsage = event.usage.estimated;
        node.detail.contextNote = event.contextNote;
        node.label = `${node.label.split(' ·')[0]} · ${firstLine(event.text)}`;
        this.finish(node, 'done', event.at, change);
        this.charge(node, event.usage, event.costUsd, change);
        break;
      }
      case 'code': {
        const parentId = cursor.iterationId ?? run.id;
        cursor.openCellId = event.cellId;
        cursor.lastCellId = event.cellId;
        this.add(
          {
            id: event.cellId,
            kind: 'code-cell',
            runId: event.runId,
            depth: event.depth,
            parentId,
            label: firstLine(event.code),
            startedAt: event.at,
            detail: { code: event.code, iteration: event.iteration },
          },
          change,
        );
        break;
      }
      case 'output': {
        const node = this.nodes.get(event.cellId);
        if (cursor.openCellId === event.cellId) cursor.openCellId = undefined;
        if (!node) break;
        node.detail.output = event.output;
        node.detail.error = event.error;
        node.detail.cellStop = event.stop;
        node.startedAt = Math.min(node.startedAt, event.at - event.durationMs);
        this.finish(
          node,
          event.stop === 'cancelled' || event.stop === 'run-stopped' ? 'cancelled' : event.error ? 'error' : 'done',
          event.at,
          change,
        );
        break;
      }
      case 'sub-call-start': {
        const id = `${event.runId}:s${event.callId}`;
        cursor.openSubCallIds.add(id);
        this.addSubCall(id, event, run, cursor, change);
        break;
      }
      case 'sub-call': {
        const id = `${event.runId}:s${event.callId}`;
        cursor.openSubCallIds.delete(id);
        const started = this.nodes.get(id);
        const node = started ?? this.addSubCall(id, event, run, cursor, change);
        this.endSubCall(node, event, change);
        break;
      }
      case 'child-run': {
        this.add(
          {
            id: event.childRunId,
            kind: 'run',
            runId: event.childRunId,
            depth: event.depth + 1,
            parentId: this.stepParent(run, cursor),
            label: firstLine(event.question),
            startedAt: event.at,
            detail: { question: event.question },
          },
          change,
        );
        break;
      }
      case 'limit':
        run.detail.limits = [...(run.detail.limits ?? []), `${event.limit}: ${event.detail}`];
        cursor.lastLimitAt = event.at;
        change.changed.push(run.id);
        break;
      case 'error':
        run.detail.error = run.detail.error ? `${run.detail.error}\n${event.message}` : event.message;
        change.changed.push(run.id);
        break;
      case 'answer': {
        const state = stateOfReason(event.reason);
        run.detail.response = event.answer;
        run.detail.reason = event.reason;
        if (event.context) run.detail.contextMeter = contextMeterText(event.context);
        const pending = cursor.pendingModelCallId ? this.nodes.get(cursor.pendingModelCallId) : undefined;
        if (pending) this.finish(pending, state === 'done' ? 'error' : state, event.at, change);
        const cell = cursor.openCellId ? this.nodes.get(cursor.openCellId) : undefined;
        if (cell) this.finish(cell, state === 'done' ? 'error' : state, event.at, change);
        // Sub-calls still out when the run ended were abandoned with it.
        for (const id of cursor.openSubCallIds) {
          const open = this.nodes.get(id);
          if (open?.state === 'running') this.finish(open, state === 'done' ? 'cancelled' : state, event.at, change);
        }
        this.closeIteration(cursor, state, event.at, change);
        this.finish(run, state, event.at, change);
        run.startedAt = Math.min(run.startedAt, event.at - event.durationMs);
        this.cursors.delete(event.runId);
        break;
      }
      default:
        break;
    }
    return change;
  }

  private startRun(event: Extract<RunEvent, { type: 'run-start' }>, change: TreeChange): void {
    this.cursors.set(event.runId, { iterationNumber: 0, modelCalls: 0, openSubCallIds: new Set() });
    const existing = this.nodes.get(event.runId);
    if (existing) {
      // A child run announced by its parent's 'child-run' event: fill in what run-start adds.
      existing.detail.model = event.model;
      existing.detail.question = event.question;
      existing.startedAt = event.at;
      change.changed.push(existing.id);
      return;
    }
    this.add(
      {
        id: event.runId,
        kind: 'run',
        runId: event.runId,
        depth: event.depth,
        label: firstLine(event.question),
        startedAt: event.at,
        detail: { question: event.question, model: event.model },
      },
      change,
    );
  }

  private endSubCall(node: RecursionNode, event: Extract<RunEvent, { type: 'sub-call' }>, change: TreeChange): void {
    Object.assign(node.detail, {
      response: event.answer,
      error: event.error,
      estimatedUsage: event.usage?.estimated,
      contextNote: event.contextNote,
    });
    this.finish(node, event.error ? 'error' : 'done', event.startedAt + event.durationMs, change);
    if (event.usage) this.charge(node, event.usage, event.costUsd, change);
  }

  private startModelCall(
    run: RecursionNode,
    cursor: RunCursor,
    startedAt: number,
    iteration: number,
    change: TreeChange,
  ): string {
    const id = `${run.id}:m${++cursor.modelCalls}`;
    cursor.pendingModelCallId = id;
    const parentId = cursor.iterationId ?? run.id;
    this.add(
      {
        id,
        kind: 'model-call',
        runId: run.id,
        depth: run.depth,
        parentId,
        label: `Model call ${cursor.modelCalls}`,
        startedAt,
        detail: { model: run.detail.model, iteration },
      },
      change,
    );
    return id;
  }

  private iterationStart(cursor: RunCursor, fallback: number): number {
    const iteration = cursor.iterationId ? this.nodes.get(cursor.iterationId) : undefined;
    return iteration && iteration.childIds.length === 0 ? iteration.startedAt : fallback;
  }

  /** Sub-calls and child runs belong to the cell whose code made them; cells run one at a time per run. */
  /** A sub-call's node, from its start event, or from its end event when its start event was not seen. */
  private addSubCall(
    id: string,
    event: Extract<RunEvent, { type: 'sub-call-start' | 'sub-call' }>,
    run: RecursionNode,
    cursor: RunCursor,
    change: TreeChange,
  ): RecursionNode {
    return this.add(
      {
        id,
        kind: 'sub-call',
        runId: event.runId,
        depth: event.depth + 1,
        parentId: this.stepParent(run, cursor),
        label: event.label ?? firstLine(event.prompt),
        startedAt: event.startedAt,
        detail: { prompt: event.prompt, model: event.model },
      },
      change,
    );
  }

  private stepParent(run: RecursionNode, cursor: RunCursor): string {
    return cursor.openCellId ?? cursor.lastCellId ?? cursor.iterationId ?? run.id;
  }

  private closeIteration(cursor: RunCursor, state: RecursionNodeState, at: number, change: TreeChange): void {
    const iteration = cursor.iterationId ? this.nodes.get(cursor.iterationId) : undefined;
    if (iteration && iteration.state === 'running') this.finish(iteration, state, at, change);
  }

  private add(init: Omit<RecursionNode, 'state' | 'own' | 'total' | 'childIds'>, change: TreeChange): RecursionNode {
    const node: RecursionNode = { ...init, state: 'running', own: emptyUsage(), total: emptyUsage(), childIds: [] };
    this.nodes.set(node.id, node);
    change.added.push(node.id);
    const parent = node.parentId ? this.nodes.get(node.parentId) : undefined;
    if (parent) {
      parent.childIds.push(node.id);
      change.changed.push(parent.id);
    } else {
      node.parentId = undefined;
      this.rootIds.push(node.id);
    }
    return node;
  }

  private finish(node: RecursionNode, state: RecursionNodeState, at: number, change: TreeChange): void {
    node.state = state;
    node.endedAt = at;
    if (!change.added.includes(node.id)) change.changed.push(node.id);
  }

  /** Adds a call's usage to its node and every ancestor (roll-up). */
  private charge(
    node: RecursionNode,
    usage: { inputTokens: number; outputTokens: number },
    costUsd: number | undefined,
    change: TreeChange,
  ): void {
    addUsage(node.own, usage, costUsd);
    for (
      let current: RecursionNode | undefined = node;
      current;
      current = current.parentId ? this.nodes.get(current.parentId) : undefined
    ) {
      addUsage(current.total, usage, costUsd);
      if (current !== node && !change.changed.includes(current.id)) change.changed.push(current.id);
    }
  }
}

function addUsage(
  target: NodeUsage,
  usage: { inputTokens: number; outputTokens: number },
  costUsd: number | undefined,
): void {
  target.inputTokens += usage.inputTokens;
  target.outputTokens += usage.outputTokens;
  target.costUsd += costUsd ?? 0;
  if (costUsd === undefined) target.unpricedCalls++;
  else target.pricedCalls++;
}

function stateOfReason(reason: StopReason): RecursionNodeState {
  if (reason === 'final') return 'done';
  if (reason === 'error') return 'error';
  if (reason === 'cancelled') return 'cancelled';
  return 'limited';
}

/** The first non-empty line, trimmed and cut to 120 characters. */
function firstLine(text: string): string {
  const line =
    text
      .split('\n')
      .map((part) => part.trim())
      .find((part) => part !== '') ?? '';
  return line.length <= 120 ? line : `${line.slice(0, 119)}…`;
}
