/**
 * The one place the `rlm_explore` language-model tool starts a run: the user's model settings (the `vscode-lm`
 * provider uses their own VS Code models), the `rlm.limits.*` lowered by the call's arguments, the run recorded like
 * any other (Recursion Tree, run history), the invocation token and the Stop command cancelling it.
 */
import type * as vscode from 'vscode';
import { ExploreProgress } from '../../core/agentTools/exploreProgress';
import type { ExploreInput } from '../../core/agentTools/agentToolSchemas';
import { runTotalsText } from '../../core/agentTools/runSummary';
import type { RunResult } from '../../core/engine/rlmEngine';
import { defaultRunLimits, type RunLimits } from '../../core/engine/runLimits';
import type { SandboxSymbolService } from '../../core/sandbox/sandboxTypes';
import type { Workspace } from '../../core/workspace/workspace';
import type { RunRecorder } from '../extensionServices';
import type { ModelProvider, RunSettings } from '../llm/modelClients';
import { askInVscode } from '../chat/vscodeQuestion';

export interface ExploreToolRunRequest {
  input: ExploreInput;
  workspace: Workspace;
  models: ModelProvider;
  settings: RunSettings;
  symbols?: SandboxSymbolService;
  recorder?: RunRecorder;
  token: vscode.CancellationToken;
  /** The Stop command's signal for runs started by tools. */
  stop: AbortSignal;
  log: vscode.LogOutputChannel;
}

export interface ExploreToolRunOutcome {
  result: RunResult;
  answer: string;
  /** The run's id in the Recursion Tree and the run history. */
  runId: string;
  summary: string;
}

export async function runExploreTool(request: ExploreToolRunRequest): Promise<ExploreToolRunOutcome> {
  const { input, settings, token } = request;
  const controller = new AbortController();
  const cancellation = token.onCancellationRequested(() =>
    controller.abort(new Error('cancelled by the calling agent')),
  );
  if (token.isCancellationRequested) controller.abort(new Error('cancelled by the calling agent'));
  const signal = AbortSignal.any([controller.signal, request.stop]);
  try {
    const limits = lowerLimits({ ...defaultRunLimits, ...settings.limits }, input);
    const progress = new ExploreProgress();
    const asked = await askInVscode(
      {
        models: request.models,
        runSettings: () => ({ ...settings, limits }),
        workspace: () => request.workspace,
        symbols: () => request.symbols,
        ...(request.recorder ? { recorder: request.recorder } : {}),
        log: request.log,
      },
      {
        question: input.question,
        source: 'rlm_explore tool',
        signal,
        sinks: [(event) => progress.apply(event)],
        onStart: (clients) =>
          request.log.info(
            `rlm_explore tool: run started (model ${clients.info.label}, question of ${input.question.length} characters)`,
          ),
      },
    );
    const result = asked.run?.result;
    // Refused (trust, no folder) or never started (no model set up): the tool call fails with what fixes it.
    if (!result) throw new Error(asked.turn.error?.message ?? asked.turn.detail ?? 'The run did not start.');
    request.log.info(`rlm_explore tool: run ${result.runId} ended: ${result.reason}; ${progress.message()}`);
    return { result, answer: result.answer, runId: result.runId, summary: summaryOf(result) };
  } finally {
    cancellation.dispose();
  }
}

function lowerLimits(limits: RunLimits, input: ExploreInput): RunLimits {
  const lowered = { ...limits };
  if (input.maxIterations !== undefined) lowered.maxIterations = Math.min(limits.maxIterations, input.maxIterations);
  if (input.maxSubCalls !== undefined) lowered.maxSubCalls = Math.min(limits.maxSubCalls, input.maxSubCalls);
  if (input.maxTokens !== undefined) lowered.maxTokens = Math.min(limits.maxTokens, input.maxTokens);
  if (input.maxCostUsd !== undefined) lowered.maxCostUsd = Math.min(limits.maxCostUsd, input.maxCostUsd);
  if (input.timeoutSeconds !== undefined)
    lowered.timeoutMs = Math.min(limits.timeoutMs, Math.round(input.timeoutSeconds * 1000));
  return lowered;
}

function summaryOf(result: RunResult): string {
  const how =
    result.reason === 'final'
      ? 'Answered'
      : result.reason === 'cancelled'
        ? 'Cancelled'
        : result.reason === 'error'
          ? `Failed (${result.detail ?? 'the run failed'})`
          : `Stopped at a limit (${result.reason}); the answer is partial`;
  return `${how}: ${runTotalsText(result)}. The run is in RLM's Recursion Tree.`;
}
