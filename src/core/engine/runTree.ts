/**
 * One line of figures per run (root and child runs) and per iteration: the part of `RunState` that `rlm ask`'s live
 * tree and `rlm replay` render. Kept by `RunState` as events arrive; nothing else applies events to it.
 */
import type { RunEvent, StopReason } from './runEvents';

export interface RunNode {
  runId: string;
  parentRunId?: string;
  depth: number;
  question: string;
  iterations: number;
  cells: number;
  cellErrors: number;
  subCalls: number;
  failedSubCalls: number;
  inputTokens: number;
  outputTokens: number;
  /** Known cost of this run's own calls (children excluded). */
  costUsd: number;
  costComplete: boolean;
  /** Model calls whose model had a price, and those without one (their cost is unknown, never guessed). */
  pricedCalls: number;
  unpricedCalls: number;
  /** One entry per iteration, in order. */
  steps: IterationStep[];
  limits: string[];
  errors: string[];
  answer?: string;
  reason?: StopReason;
  startedAt: number;
  durationMs?: number;
  children: RunNode[];
}

interface IterationStep {
  iteration: number;
  modelMs?: number;
  tokens: number;
  cells: number;
  cellErrors: number;
  cellMs: number;
  subCalls: number;
}

export interface RenderOptions {
  /** One line per iteration under each run (replay). */
  steps?: boolean;
  /** Cut lines to this many characters (a terminal's width). */
  width?: number;
}

export class RunNodes {
  readonly roots: RunNode[] = [];
  private readonly byId = new Map<string, RunNode>();

  get(runId: string): RunNode | undefined {
    return this.byId.get(runId);
  }

  apply(event: RunEvent): void {
    if (event.type === 'run-start') {
      const node: RunNode = {
        runId: event.runId,
        parentRunId: event.parentRunId,
        depth: event.depth,
        question: event.question,
        iterations: 0,
        cells: 0,
        cellErrors: 0,
        subCalls: 0,
        failedSubCalls: 0,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        costComplete: true,
        pricedCalls: 0,
        unpricedCalls: 0,
        steps: [],
        limits: [],
        errors: [],
        startedAt: event.at,
        children: [],
      };
      this.byId.set(node.runId, node);
      const parent = event.parentRunId ? this.byId.get(event.parentRunId) : undefined;
      (parent ? parent.children : this.roots).push(node);
      return;
    }
    const node = this.byId.get(event.runId);
    if (!node) return;
    switch (event.type) {
      case 'iteration':
        node.iterations = event.iteration;
        node.steps.push({ iteration: event.iteration, tokens: 0, cells: 0, cellErrors: 0, cellMs: 0, subCalls: 0 });
        break;
      case 'model-reply':
      case 'sub-call': {
        const step = node.steps.at(-1);
        if (event.type === 'sub-call') {
          node.subCalls++;
          if (event.error) node.failedSubCalls++;
          if (step) step.subCalls++;
        } else if (step) {
          step.modelMs = (step.modelMs ?? 0) + event.durationMs;
        }
        const tokens = (event.usage?.inputTokens ?? 0) + (event.usage?.outputTokens ?? 0);
        node.inputTokens += event.usage?.inputTokens ?? 0;
        node.outputTokens += event.usage?.outputTokens ?? 0;
        if (step) step.tokens += tokens;
        if (event.usage && event.costUsd === undefined) {
          node.costComplete = false;
          node.unpricedCalls++;
        } else if (event.usage) {
          node.pricedCalls++;
        }
        node.costUsd += event.costUsd ?? 0;
        break;
      }
      case 'output': {
        node.cells++;
        if (event.error) node.cellErrors++;
        const step = node.steps.at(-1);
        if (step) {
          step.cells++;
          step.cellMs += event.durationMs;
          if (event.error) step.cellErrors++;
        }
        break;
      }
      case 'limit':
        node.limits.push(`${event.limit}: ${event.detail}`);
        break;
      case 'error':
        node.errors.push(event.message);
        break;
      case 'answer':
        node.answer = event.answer;
        node.reason = event.reason;
        node.durationMs = event.durationMs;
        break;
      default:
        break;
    }
  }
}

/** An indented text rendering, one line per run plus its limits, errors and answer (and iterations with `steps`). */
export function renderRunTree(roots: readonly RunNode[], options: RenderOptions = {}): string {
  const lines: string[] = [];
  const walk = (node: RunNode, indent: string): void => {
    const status = node.reason
      ? `${node.reason}${node.durationMs === undefined ? '' : ` in ${seconds(node.durationMs)}`}`
      : 'running';
    lines.push(`${indent}● ${truncate(node.question, 80)} [${status}]`);
    lines.push(
      `${indent}  ${node.iterations} iteration(s), ${node.cells} cell(s) (${node.cellErrors} with errors), ${node.subCalls} sub-call(s)${node.failedSubCalls ? ` (${node.failedSubCalls} failed)` : ''}, ${node.inputTokens + node.outputTokens} tokens, ${costText(node)}`,
    );
    if (options.steps) {
      for (const step of node.steps) {
        const model = step.modelMs === undefined ? 'model —' : `model ${seconds(step.modelMs)}`;
        lines.push(
          `${indent}  · iteration ${step.iteration}: ${model}, ${step.tokens} tokens, ${step.cells} cell(s) in ${seconds(step.cellMs)}${step.cellErrors ? ` (${step.cellErrors} with errors)` : ''}, ${step.subCalls} sub-call(s)`,
        );
      }
    }
    for (const limit of node.limits) lines.push(`${indent}  limit: ${limit}`);
    for (const error of node.errors) lines.push(`${indent}  error: ${truncate(error, 160)}`);
    for (const child of node.children) walk(child, `${indent}  `);
    if (node.answer) lines.push(`${indent}  answer: ${truncate(node.answer.replace(/\s+/g, ' '), 160)}`);
  };
  for (const root of roots) walk(root, '');
  return (options.width ? lines.map((line) => truncate(line, options.width ?? line.length)) : lines).join('\n');
}

/** Cost of a run's own calls: exact, a lower bound when some models are unpriced, or unknown when none are priced. */
export function costText(node: Pick<RunNode, 'costUsd' | 'pricedCalls' | 'unpricedCalls'>): string {
  if (node.unpricedCalls === 0) return `$${node.costUsd.toFixed(4)}`;
  if (node.pricedCalls === 0) return 'cost unknown';
  return `≥ $${node.costUsd.toFixed(4)} (${node.unpricedCalls} call(s) unpriced)`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
