import * as vscode from 'vscode';
import type { Conversation } from '../../core/engine/conversation';
import { askQuestion, type QuestionRun } from '../../core/engine/questionService';
import type { RunEventSink } from '../../core/engine/runEvents';
import { defaultRunLimits, type RunLimits } from '../../core/engine/runLimits';
import type { RetryNotice } from '../../core/llm/llmClient';
import type { SandboxSymbolService } from '../../core/sandbox/sandboxTypes';
import type { Workspace } from '../../core/workspace/workspace';
import type { RunRecorder } from '../extensionServices';
import type { ModelClientHooks, ModelClients, ModelProvider, RunSettings } from '../llm/modelClients';
import { noFolderOutcome, turnOutcomeOf, untrustedOutcome, type TurnOutcome } from './turnOutcome';

/** What every VS Code caller shares: the model settings, the run recorder (Runs view, run logs) and the log. */
export interface VscodeQuestionDependencies {
  models: ModelProvider;
  runSettings: () => RunSettings;
  workspace: () => Workspace | undefined;
  symbols: (workspace: Workspace) => SandboxSymbolService | undefined;
  recorder?: RunRecorder;
  log: vscode.LogOutputChannel;
}

export interface VscodeQuestion {
  question: string;
  /** The caller's own views (panel, progress lines, status bar); the recorder always gets the events too. */
  sinks: readonly RunEventSink[];
  signal: AbortSignal;
  /** The panel's conversation; `@rlm` asks one-off questions. */
  conversation?: Conversation;
  /** "Log prefix" of the caller, e.g. `chat` or `@rlm`. */
  source: string;
  onRetry?: (notice: RetryNotice) => void;
  /** Asked before a rate limit's wait longer than the setting allows (the panel's Wait / Stop); absent: such a wait fails the call. */
  askRateLimitWait?: ModelClientHooks['askRateLimitWait'];
  onStart?: (clients: ModelClients, limits: RunLimits) => void;
}

export interface VscodeQuestionRun {
  /** Absent when the question was refused before anything ran (an untrusted folder, no folder). */
  run?: QuestionRun<ModelClients>;
  turn: TurnOutcome;
  limits: RunLimits;
  workspace?: Workspace;
}

/**
 * The VS Code side of the question service: refuses without trust or a folder, resolves the model from the settings
 * (and SecretStorage), feeds the run recorder, and reads the outcome in the panel's terms (status and buttons).
 */
export async function askInVscode(
  deps: VscodeQuestionDependencies,
  request: VscodeQuestion,
): Promise<VscodeQuestionRun> {
  const settings = deps.runSettings();
  const limits = { ...defaultRunLimits, ...settings.limits };
  const refused = refusal(deps);
  if (refused) return { turn: refused, limits };
  const workspace = deps.workspace();
  if (!workspace) return { turn: noFolderOutcome, limits };
  const recorder = deps.recorder;
  const symbols = deps.symbols(workspace);
  const run = await askQuestion<ModelClients>({
    question: request.question,
    workspace,
    ...(symbols ? { symbols } : {}),
    sandboxLimits: settings.sandbox,
    limits,
    signal: request.signal,
    clients: () =>
      deps.models.resolve({
        ...(request.onRetry ? { onRetry: request.onRetry } : {}),
        ...(request.askRateLimitWait ? { askRateLimitWait: request.askRateLimitWait } : {}),
      }),
    sinks: [...((recorder ? [(event) => recorder.record(event)] : []) as RunEventSink[]), ...request.sinks],
    onSinkError: (error, event) =>
      deps.log.warn(
        `${request.source}: a view failed on a ${event.type} event: ${error instanceof Error ? error.message : String(error)}`,
      ),
    ...(request.conversation ? { conversation: request.conversation } : {}),
    onStart: (clients) => request.onStart?.(clients, limits),
  });
  const turn = turnOutcomeOf(run.outcome, run.clients?.info.provider);
  if (run.outcome.kind === 'error' && run.outcome.error !== undefined)
    deps.log.error(`${request.source}: ${run.outcome.message}`);
  return { run, turn, limits, workspace };
}

/** Why no question can run here now (an untrusted folder, no folder), before anything starts; undefined when one can. */
export function refusal(deps: Pick<VscodeQuestionDependencies, 'workspace'>): TurnOutcome | undefined {
  if (!vscode.workspace.isTrusted) return untrustedOutcome;
  if (!deps.workspace()) return noFolderOutcome;
  return undefined;
}
