/**
 * The one place the `rlm_explore` language-model tool starts a run: the user's model settings (the `vscode-lm`
 * provider uses their own VS Code models), the `rlm.limits.*` lowered by the call's arguments, the run recorded like
 * any other (Recursion Tree, run history), the invocation token and the Stop command cancelling it.
 */
import type * as vscode from 'vscode';
import { ExploreProgress } from '../../core/agentTools/exploreProgress';
import type { ExploreInput } from '../../core/agentTools/agentToolSchemas';
import { RlmEngine, type RunResult } from '../../core/engine/rlmEngine';
import { defaultRunLimits, type RunLimits } from '../../core/engine/runLimits';
import type { SandboxSymbolService } from '../../core/sandbox/sandboxTypes';
import type { Workspace } from '../../core/workspace/workspace';
import type { RunRecorder } from '../extensionServices';
import type { ModelProvider, RunSettings } from '../llm/modelClients';
import { scrubEvent, scrubSecrets } from '../llm/scrubSecrets';

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
  const cancellation = token.onCancellationRequested(() => controller.abort(new Error('cancelled by the calling agent')));
  if (token.isCancellationRequested) controller.abort(new Error('cancelled by the calling agent'));
  const signal = AbortSignal.any([controller.signal, request.stop]);
  try {
    const limits = lowerLimits({ ...defaultRunLimits, ...settings.limits }, input);
    const clients = await request.models.resolve();
    const secrets = clients.secrets;
    const progress = new ExploreProgress();
    const engine = new RlmEngine({
      rootClient: clients.root,
      subClient: clients.sub,
      workspace: request.workspace,
      ...(request.symbols ? { symbols: request.symbols } : {}),
      sandboxLimits: settings.sandbox,
      onEvent: (raw) => {
        const event = scrubEvent(raw, secrets);
        progress.apply(event);
        try {
          request.recorder?.record(event);
        } catch (error) {
          request.log.warn(`rlm_explore tool: the run recorder failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      },
    });
    request.log.info(`rlm_explore tool: run started (model ${clients.info.label}, question of ${input.question.length} characters)`);
    const result = await engine.run(input.question, { limits, signal });
    request.log.info(`rlm_explore tool: run ${result.runId} ended: ${result.reason}; ${progress.message()}`);
    return { result, answer: scrubSecrets(result.answer, secrets), runId: result.runId, summary: scrubSecrets(summaryOf(result), secrets) };
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
  if (input.timeoutSeconds !== undefined) lowered.timeoutMs = Math.min(limits.timeoutMs, Math.round(input.timeoutSeconds * 1000));
  return lowered;
}

function summaryOf(result: RunResult): string {
  const t = result.totals;
  const cost = t.costComplete ? `$${t.costUsd.toFixed(4)}` : t.costUsd > 0 ? `≥ $${t.costUsd.toFixed(4)}` : 'cost unknown';
  const how = result.reason === 'final' ? 'Answered' : result.reason === 'cancelled' ? 'Cancelled' : result.reason === 'error' ? `Failed (${result.detail ?? 'the run failed'})` : `Stopped at a limit (${result.reason}); the answer is partial`;
  return `${how}: ${result.iterations} iteration(s), ${t.subCalls} sub-call(s), ${t.inputTokens + t.outputTokens} tokens, ${cost}, ${(result.durationMs / 1000).toFixed(1)} s. The run is in RLM's Recursion Tree.`;
}
