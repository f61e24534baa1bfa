/**
 * The one place `rlm mcp` starts an exploration: builds the model clients (the configured endpoint, or the MCP
 * client's own model through sampling), the engine with the symbol index, the run log as `rlm ask` writes it, and the
 * progress feed, then runs the question. Kept in one function so it can move onto a shared run service unchanged.
 */
import * as path from 'node:path';
import { askQuestion } from '../../core/engine/questionService';
import type { RunResult } from '../../core/engine/rlmEngine';
import type { RunLimits } from '../../core/engine/runLimits';
import { ExploreProgress } from '../../core/agentTools/exploreProgress';
import { SamplingClient, type SampleFn } from '../../core/agentTools/samplingClient';
import type { LlmClient } from '../../core/llm/llmClient';
import { OpenAiCompatibleClient } from '../../core/llm/openAiCompatibleClient';
import type { PricingTable } from '../../core/llm/pricing';
import type { IndexedSymbolService } from '../../core/sandbox/indexedSymbolService';
import type { NodeWorkspace } from '../../core/workspace/nodeWorkspace';
import { secretRedactor, type AskEndpoint } from '../ask/askSettings';
import { newRunLogPath } from '../ask/runLogFile';

/** Where the run's model calls go. */
export type ExploreModels =
  | { kind: 'endpoint'; endpoint: AskEndpoint; contextWindow?: number; pricing?: PricingTable }
  | { kind: 'sampling'; sample: SampleFn; model?: string; contextWindow?: number };

export interface ExploreRunRequest {
  question: string;
  workspace: NodeWorkspace;
  models: ExploreModels;
  limits: Partial<RunLimits>;
  signal: AbortSignal;
  /** Told whenever the iteration, sub-calls, tokens or cost change. */
  onProgress?: (progress: ExploreProgress) => void;
  /** Diagnostics for the server's stderr (retries, index ready); never the protocol channel. */
  log?: (line: string) => void;
  /** The server's symbol index, shared by its runs and lookups; absent for a multi-root workspace. */
  symbols?: IndexedSymbolService;
}

export interface ExploreRunOutcome {
  result: RunResult;
  /** Absolute path of the JSON Lines run log. */
  runLog: string;
}

export async function startExploreRun(request: ExploreRunRequest): Promise<ExploreRunOutcome> {
  const { workspace, models, log } = request;
  const root = workspace.roots[0].fsPath;
  const cacheDir = path.join(root, '.cache', 'rlm');
  const runLog = newRunLogPath(cacheDir);
  // The placeholder key of local servers is no secret (secretRedactor leaves it alone too).
  const apiKey = models.kind === 'endpoint' ? models.endpoint.apiKey : '';
  const secrets = apiKey && secretRedactor(apiKey)(apiKey) !== apiKey ? [apiKey] : [];
  const progress = new ExploreProgress();
  const { root: rootClient, sub } = modelClients(models, log);
  const asked = await askQuestion({
    question: request.question,
    workspace,
    clients: { root: rootClient, sub, secrets },
    ...(request.symbols ? { symbols: request.symbols.forRequest() } : {}),
    runLog,
    sinks: [
      (event) => {
        if (progress.apply(event)) request.onProgress?.(progress);
      },
    ],
    onSinkError: (error) => log?.(`progress failed: ${error instanceof Error ? error.message : String(error)}`),
    limits: request.limits,
    signal: request.signal,
  });
  const result = asked.result;
  // The run never started (the sandbox could not start): the tool call fails with what went wrong.
  // Stopped before the engine started: the caller's own cancellation, as when it stops mid-run.
  if (!result) request.signal.throwIfAborted();
  if (!result)
    throw asked.outcome.kind === 'error' && asked.outcome.error !== undefined
      ? asked.outcome.error
      : new Error(asked.outcome.kind === 'error' ? asked.outcome.message : 'The run did not start.');
  return { result, runLog };
}

function modelClients(
  models: ExploreModels,
  log: ((line: string) => void) | undefined,
): { root: LlmClient; sub: LlmClient } {
  if (models.kind === 'sampling') {
    const options = {
      ...(models.model ? { model: models.model } : {}),
      ...(models.contextWindow ? { contextWindow: models.contextWindow } : {}),
    };
    const client = new SamplingClient(models.sample, options);
    return { root: client, sub: client };
  }
  const { endpoint, contextWindow, pricing } = models;
  const onRetry = (notice: { attempt: number; delayMs: number; reason: string }): void =>
    log?.(`model call failed (${notice.reason}); retry ${notice.attempt} in ${(notice.delayMs / 1000).toFixed(1)} s`);
  const client = (model: string): OpenAiCompatibleClient =>
    new OpenAiCompatibleClient(
      {
        baseUrl: endpoint.baseUrl,
        apiKey: endpoint.apiKey,
        model,
        ...(contextWindow ? { contextWindow } : {}),
        ...(pricing ? { pricing } : {}),
      },
      { onRetry },
    );
  return { root: client(endpoint.model), sub: client(endpoint.subModel) };
}
