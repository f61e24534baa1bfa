/**
 * Runs one question: the single path from a question to an outcome for the chat panel, `@rlm`, `rlm ask`, and
 * anything else that asks (agent tools, an MCP server, an eval harness). Callers differ only in what they pass:
 *
 *   const run = await askQuestion({
 *     question, workspace,                      // what to ask, over which files (symbols, sandboxLimits optional)
 *     clients: { root, sub, secrets },          // the models, or (signal) => Promise<clients> to resolve them now
 *     sinks: [(event) => view.apply(event)],    // every event, secrets scrubbed, in order; a throwing sink is skipped
 *     signal, limits,                           // Stop, and the run's budgets (unset ones: defaultRunLimits)
 *     runLog: '/repo/.cache/rlm/runs/x.jsonl',  // optional: the run saved as JSON Lines (readRunLog reads it back)
 *     conversation,                             // optional: a Conversation for follow-ups; else a fresh REPL
 *   });
 *   run.outcome  // answered | stopped | limit | error (with the model error's kind, or the error thrown before the run)
 *   run.result   // the engine's RunResult (totals, iterations, runId), scrubbed; absent when the run never started
 *   run.clients  // what `clients` resolved to (provider details the caller added); run.runLog: the log's path
 *
 * It never throws: a failure to resolve the models or to start the sandbox is an `error` outcome carrying it.
 */
import { secretRedactor, mapStrings } from '../llm/redactSecrets';
import { abortable } from '../abortable';
import type { LlmClient } from '../llm/llmClient';
import type { LlmErrorKind } from '../llm/llmErrors';
import type { SandboxLimits, SandboxSymbolService } from '../sandbox/sandboxTypes';
import type { Workspace } from '../workspace/workspace';
import type { Conversation } from './conversation';
import { RlmEngine, type ReplFactory, type RunResult } from './rlmEngine';
import type { LimitKind, RunEvent, RunEventSink } from './runEvents';
import type { RunLimits } from './runLimits';
import { jsonlRunLog } from './runLog';

/** The models of one question; `secrets` (an API key) are scrubbed from every event, answer and message. */
export interface QuestionClients {
  root: LlmClient;
  sub: LlmClient;
  secrets?: readonly string[];
}

export interface QuestionRequest<C extends QuestionClients = QuestionClients> {
  question: string;
  workspace: Workspace;
  /** Given, or resolved when the question starts (under `signal`: Stop does not wait for a slow provider). */
  clients: C | ((signal: AbortSignal) => Promise<C>);
  sinks?: readonly RunEventSink[];
  /** Told when a sink throws; the run and the other sinks go on. */
  onSinkError?: (error: unknown, event: RunEvent) => void;
  signal?: AbortSignal;
  limits?: Partial<RunLimits>;
  /** A JSON Lines file the run's events are appended to (secrets scrubbed). */
  runLog?: string;
  /** Reuses the conversation's session (its REPL variables and earlier answers); absent: a one-off REPL. */
  conversation?: Conversation;
  symbols?: SandboxSymbolService;
  sandboxLimits?: Partial<SandboxLimits>;
  createRepl?: ReplFactory;
  /** Called once the models are resolved and the session is open, just before the engine starts. */
  onStart?: (clients: C) => void;
}

/** How a question ended, in terms every caller shares; `answer` is what there is (partial after a limit). */
export type QuestionOutcome =
  | { kind: 'answered'; answer: string }
  | { kind: 'stopped'; answer: string }
  | { kind: 'limit'; answer: string; limit: LimitKind; detail: string }
  | { kind: 'error'; answer: string; message: string; errorKind?: LlmErrorKind; error?: unknown };

export interface QuestionRun<C extends QuestionClients = QuestionClients> {
  outcome: QuestionOutcome;
  result?: RunResult;
  clients?: C;
  runLog?: string;
}

export async function askQuestion<C extends QuestionClients>(request: QuestionRequest<C>): Promise<QuestionRun<C>> {
  const signal = request.signal ?? new AbortController().signal;
  const runLog = request.runLog;
  let clients: C | undefined;
  let redact = (text: string): string => text;
  try {
    clients =
      typeof request.clients === 'function' ? await abortable(request.clients(signal), signal) : request.clients;
    redact = secretRedactor(clients.secrets ?? []);
    const scrub = (event: RunEvent): RunEvent => (clients?.secrets?.length ? mapStrings(event, redact) : event);
    const sinks = [...(runLog ? [jsonlRunLog(runLog, redact)] : []), ...(request.sinks ?? [])];
    const onEvent = (raw: RunEvent): void => {
      const event = scrub(raw);
      for (const sink of sinks) {
        try {
          sink(event);
        } catch (error) {
          request.onSinkError?.(error, event);
        }
      }
    };
    const setting = {
      workspace: request.workspace,
      ...(request.symbols ? { symbols: request.symbols } : {}),
      ...(request.sandboxLimits ? { sandboxLimits: request.sandboxLimits } : {}),
      ...(request.createRepl ? { createRepl: request.createRepl } : {}),
    };
    const perQuestion = {
      root: clients.root,
      sub: clients.sub,
      onEvent,
      signal,
      ...(request.limits ? { limits: request.limits } : {}),
    };
    let raw: RunResult;
    if (request.conversation) {
      const session = await abortable(request.conversation.open(setting), signal);
      request.onStart?.(clients);
      raw = await session.ask(request.question, perQuestion);
    } else {
      request.onStart?.(clients);
      raw = await new RlmEngine(setting).run(request.question, perQuestion);
    }
    const result: RunResult = {
      ...raw,
      answer: redact(raw.answer),
      ...(raw.detail !== undefined ? { detail: redact(raw.detail) } : {}),
    };
    return { outcome: outcomeOf(result), result, ...(clients ? { clients } : {}), ...(runLog ? { runLog } : {}) };
  } catch (error) {
    const outcome: QuestionOutcome = signal.aborted
      ? { kind: 'stopped', answer: '' }
      : { kind: 'error', answer: '', message: redact(error instanceof Error ? error.message : String(error)), error };
    return { outcome, ...(clients ? { clients } : {}), ...(runLog ? { runLog } : {}) };
  }
}

/** The shared reading of an engine result: FINAL answered, the caller's Stop stopped, a budget is a limit. */
export function outcomeOf(result: RunResult): QuestionOutcome {
  const answer = result.answer;
  switch (result.reason) {
    case 'final':
      return { kind: 'answered', answer };
    case 'cancelled':
      return { kind: 'stopped', answer };
    case 'error':
      return {
        kind: 'error',
        answer,
        message: result.detail ?? 'The run failed.',
        ...(result.errorKind ? { errorKind: result.errorKind } : {}),
      };
    default:
      return { kind: 'limit', answer, limit: result.reason, detail: result.detail ?? 'the run stopped at a limit' };
  }
}
