/**
 * Everything a run reports, as one discriminated union. The CLI, the tree views and the run log all subscribe.
 */
import type { TokenUsage } from '../llm/llmClient';
import type { CellStop } from '../sandbox/sandboxTypes';
import type { ContextFigures } from './contextMeterText';

/** Why a run ended. */
export type StopReason =
  | 'final'
  | 'max-iterations'
  | 'max-depth'
  | 'max-sub-calls'
  | 'max-tokens'
  | 'max-cost'
  | 'timeout'
  | 'cancelled'
  | 'error';

export type LimitKind = Exclude<StopReason, 'final' | 'cancelled' | 'error'>;

interface EventBase {
  /** Unique per event. */
  id: string;
  runId: string;
  /** The run that spawned this one (child runs), absent for the root. */
  parentRunId?: string;
  depth: number;
  /** Epoch milliseconds. */
  at: number;
}

export type RunEvent =
  | (EventBase & { type: 'run-start'; question: string; model: string })
  | (EventBase & { type: 'iteration'; iteration: number })
  /** A piece of the root model's reply as it streams; `attempt` restarts the text after a retry; not written to run logs. */
  | (EventBase & { type: 'model-delta'; iteration: number; text: string; attempt: number; lastCall: boolean })
  /** `contextNote`: what was summarized or cut to fit the model's window, and the smaller retry after an overflow. */
  | (EventBase & {
      type: 'model-reply';
      iteration: number;
      text: string;
      usage: TokenUsage;
      costUsd: number | undefined;
      durationMs: number;
      contextNote?: string;
    })
  | (EventBase & { type: 'code'; iteration: number; cellId: string; code: string })
  /** `files`: workspace files the cell read (readFile) or mapped (llmMap), for the context meter. */
  | (EventBase & {
      type: 'output';
      iteration: number;
      cellId: string;
      output: string;
      error?: string;
      stop?: CellStop;
      durationMs: number;
      files?: string[];
    })
  /** A sub-call was sent; its 'sub-call' event (same callId) follows when it ends. */
  | (EventBase & {
      type: 'sub-call-start';
      callId: string;
      model: string;
      prompt: string;
      label?: string;
      startedAt: number;
    })
  | (EventBase & {
      type: 'sub-call';
      callId: string;
      model: string;
      prompt: string;
      label?: string;
      answer?: string;
      error?: string;
      usage?: TokenUsage;
      costUsd?: number;
      startedAt: number;
      durationMs: number;
      contextNote?: string;
    })
  | (EventBase & { type: 'child-run'; childRunId: string; question: string })
  /** The whole tree's spending, from the budget's own accounting, each time it changes; carries the root run's id. */
  | (EventBase & { type: 'totals'; totals: RunTotals })
  | (EventBase & { type: 'limit'; limit: LimitKind; detail: string })
  | (EventBase & { type: 'error'; message: string })
  /** `context`: the context meter, on the root run's answer only. */
  | (EventBase & {
      type: 'answer';
      answer: string;
      reason: StopReason;
      iterations: number;
      totals: RunTotals;
      durationMs: number;
      context?: ContextFigures;
    });

/** Totals of a run including its sub-calls and child runs. */
export interface RunTotals {
  inputTokens: number;
  outputTokens: number;
  /** Sum of known costs; see `costComplete`. */
  costUsd: number;
  /** False when some call's model had no price: the cost is then a lower bound. */
  costComplete: boolean;
  subCalls: number;
}

/** Receives events as they happen; must not throw. */
export type RunEventSink = (event: RunEvent) => void;
