/**
 * Messages between the chat panel webview and the extension host. Type-only: imported by both sides; the webview's
 * messages are inferred from the schemas that check them.
 * `ChatWebviewToHost` messages are commands (validated where they enter the host); `ChatHostToWebview` messages
 * are notifications. The webview sends `ready` first; the host answers with `state` and only then streams.
 */

import type { InferOutput } from 'valibot';
import type { TimelineBar } from '../engine/timelineBar';
import type { chatContextSchema, chatErrorActionSchema, chatWebviewToHostSchema } from './chatMessageSchema';

export type { TimelineBar } from '../engine/timelineBar';

/** Why a turn ended, in the words the panel shows. */
export type TurnStatus = 'running' | 'answered' | 'limited' | 'stopped' | 'failed';

/** What the user can do about an error, each a button in place. */
export type ChatErrorAction = InferOutput<typeof chatErrorActionSchema>;

export interface ChatError {
  message: string;
  actions: ChatErrorAction[];
  /** Epoch ms: a rate limit's wait, shown as a countdown until this moment. */
  retryAt?: number;
}

/** Tokens and cost of a turn so far (the whole run tree), and the limits they count against. */
export interface ChatMeter {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** False when some model had no price: the cost is then a lower bound. */
  costComplete: boolean;
  maxTokens: number;
  maxCostUsd: number;
  /** Models of the run with no known price: the cost limit cannot stop them, the token limit does. */
  unpricedModels?: string[];
}

/** The live progress strip of a running turn. */
export interface ChatProgress {
  iteration: number;
  maxIterations: number;
  /** The step running now, in a few words: "model writing (iteration 2)", "code cell", "child run: …". */
  activity: string;
  subCallsInFlight: number;
  subCallsDone: number;
  childRuns: number;
  elapsedMs: number;
  /** Epoch ms: a model call waits before its next attempt, which starts at this moment. */
  waitUntil?: number;
  /** Why it waits: the endpoint is rate-limiting (HTTP 429), or it failed (5xx, timeout, dropped connection). */
  waitKind?: 'rate-limit' | 'retry';
  /** The endpoint asks to wait longer than the person allows without asking: the run waits for "Wait N s" or "Stop". */
  rateLimitAsk?: ChatRateLimitAsk;
}

/** A rate limit's wait the person has to agree to before the run waits it. */
export interface ChatRateLimitAsk {
  askId: string;
  model: string;
  /** What the endpoint asks for (its Retry-After), in whole seconds. */
  waitSeconds: number;
  /** What `rlm.model.maxRateLimitWaitSeconds` allows a call to wait without asking. */
  maxWaitSeconds: number;
}

/**
 * Material attached to a question (Explain with RLM attaches the traced subgraph): the panel shows `label` and lets
 * the person expand `text`; the engine receives the question followed by `text`.
 */
export type ChatContext = InferOutput<typeof chatContextSchema>;

export interface ChatTurn {
  id: string;
  /** What the person asked, as they (or the command that asked for them) put it: short, shown in bold. */
  question: string;
  context?: ChatContext;
  /** Markdown, partial while the answer streams; untrusted model output, sanitized where it is rendered. */
  answer: string;
  status: TurnStatus;
  /** The engine's run, for the recursion tree and the timeline. */
  runId?: string;
  /** Why a limited or stopped turn ended, as a sentence. */
  detail?: string;
  error?: ChatError;
  meter?: ChatMeter;
  /** The run's context meter in words ("root saw 6.1k tokens; the 14 files it touched are ~212k; …"), once it ended. */
  contextMeter?: string;
  startedAt: number;
  durationMs?: number;
  timeline?: TimelineBar[];
}

/** The model the next question goes to, as the panel's header shows it. */
export interface ChatModelInfo {
  provider: 'openai-compatible' | 'vscode-lm';
  /** E.g. "gpt-4o-mini at api.openai.com" or "Copilot · GPT-4o". */
  label: string;
}

/** Commands from the webview, as they are once the host has checked them (see chatMessageSchema.ts). */
export type ChatWebviewToHost = InferOutput<typeof chatWebviewToHostSchema>;

export type ChatHostToWebview =
  | {
      type: 'state';
      turns: ChatTurn[];
      model: ChatModelInfo | undefined;
      workspaceName: string;
      trusted: boolean;
    }
  | { type: 'turnStarted'; turn: ChatTurn }
  /** The answer as streamed so far (whole text, not a delta: a retried model call may restart it). */
  | { type: 'answerText'; turnId: string; text: string }
  | { type: 'progress'; turnId: string; progress: ChatProgress; meter: ChatMeter }
  | { type: 'turnEnded'; turn: ChatTurn }
  | { type: 'modelChanged'; model: ChatModelInfo | undefined }
  /** Puts the cursor in the question box (RLM: Open Chat, the keybinding). */
  | { type: 'focusInput' };
