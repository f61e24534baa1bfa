/**
 * `rlm mcp`'s server: the agent tools over MCP. Free tools answer from the workspace and the symbol index;
 * rlm_explore runs the engine with progress notifications and stops when the client cancels the request.
 */
import * as path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import {
  agentToolShapes,
  agentTools,
  type AgentToolName,
  type ExploreInput,
} from '../../core/agentTools/agentToolSchemas';
import {
  filesTool,
  findSymbolTool,
  readTool,
  searchTool,
  traceTool,
  type AgentToolBackend,
  type ToolAnswer,
} from '../../core/agentTools/workspaceTools';
import type { SampleFn } from '../../core/agentTools/samplingClient';
import { runTotalsText } from '../../core/agentTools/runSummary';
import { defaultRunLimits, type RunLimits } from '../../core/engine/runLimits';
import type { RunResult } from '../../core/engine/rlmEngine';
import type { PricingTable } from '../../core/llm/pricing';
import { IndexedSymbolService } from '../../core/sandbox/indexedSymbolService';
import type { NodeWorkspace } from '../../core/workspace/nodeWorkspace';
import { version } from '../../../package.json';
import { MissingEndpointError, type AskEndpoint } from '../ask/askSettings';
import { startExploreRun, type ExploreModels } from './startExploreRun';

export interface RlmMcpServerConfig {
  workspace: NodeWorkspace;
  /** The configured endpoint, or why there is none (then the client's sampling is the fallback). */
  endpoint: AskEndpoint | MissingEndpointError;
  /** RLM_MODEL when set without an endpoint: sent to the client as a model preference. */
  preferredModel?: string;
  contextWindow?: number;
  pricing: PricingTable;
  /** The ceilings a tool call may lower, never raise. */
  limits: Partial<RunLimits>;
  /** Diagnostics to stderr. */
  log: (line: string) => void;
}

/** No endpoint and a client that cannot sample: says both ways out. */
class NoModelForExploreError extends Error {
  constructor(missing: MissingEndpointError) {
    super(
      `rlm_explore has no model: this server has no ${missing.missing === 'model' ? 'model named (RLM_MODEL)' : 'model endpoint configured'} ` +
        'and the MCP client does not offer sampling. Set RLM_BASE_URL and RLM_MODEL (and RLM_API_KEY when the endpoint ' +
        "needs one) in the env of the rlm mcp server in your client's MCP configuration, or use a client that supports " +
        'MCP sampling so the server can use its model. The free tools (rlm_search, rlm_find_symbol, rlm_trace, rlm_read, ' +
        'rlm_files) work without a model.',
    );
    this.name = 'NoModelForExploreError';
  }
}

export function createRlmMcpServer(config: RlmMcpServerConfig): McpServer {
  const server = new McpServer(
    { name: 'rlm-explorer', title: 'RLM Explorer', version },
    {
      instructions:
        'Explore this codebase without filling your context: rlm_explore answers a question with path:line citations (costs model calls); rlm_find_symbol, rlm_trace, rlm_search, rlm_read and rlm_files are free lookups.',
    },
  );
  const register = <N extends AgentToolName>(
    name: N,
    handler: (args: never, extra: ToolExtra) => Promise<CallToolResult>,
  ): void => {
    const info = agentTools[name];
    server.registerTool(
      name,
      {
        title: info.title,
        description: info.description,
        inputSchema: agentToolShapes[name].input,
        outputSchema: agentToolShapes[name].output,
        annotations: {
          title: info.title,
          readOnlyHint: info.readOnly,
          openWorldHint: !info.readOnly,
          idempotentHint: info.readOnly,
        },
      },
      handler as never,
    );
  };

  const { workspace } = config;
  // One index for the server's life, loaded on the first symbol call. Each call first re-checks the workspace against
  // it (sizes and mtimes) and re-parses what changed, so an agent that edits code and then looks a symbol up sees its
  // edit, without the index being loaded again per call (seconds on a kernel-sized tree).
  const symbols =
    workspace.roots.length === 1
      ? new IndexedSymbolService({
          workspace,
          cacheDir: path.join(workspace.roots[0].fsPath, '.cache', 'rlm'),
          onIndexed: (stats, ms) => config.log(`symbol index: ${stats.indexed} files ready in ${ms} ms`),
        })
      : undefined;
  const backend = async (signal: AbortSignal): Promise<AgentToolBackend> => {
    if (!symbols) return { workspace };
    await symbols.refresh(signal);
    return { workspace, symbols };
  };
  const answer = <T extends object>(result: ToolAnswer<T>): CallToolResult => ({
    content: [{ type: 'text', text: result.text }],
    structuredContent: result.structured as Record<string, unknown>,
  });

  // Tools that read files only need no index.
  const files: AgentToolBackend = { workspace };
  register('rlm_find_symbol', async (args: Parameters<typeof findSymbolTool>[1], extra) =>
    answer(await findSymbolTool(await backend(extra.signal), args, extra.signal)),
  );
  register('rlm_trace', async (args: Parameters<typeof traceTool>[1], extra) =>
    answer(await traceTool(await backend(extra.signal), args, extra.signal)),
  );
  register('rlm_search', async (args: Parameters<typeof searchTool>[1], extra) =>
    answer(await searchTool(files, args, extra.signal)),
  );
  register('rlm_read', async (args: Parameters<typeof readTool>[1]) => answer(await readTool(files, args)));
  register('rlm_files', async (args: Parameters<typeof filesTool>[1], extra) =>
    answer(await filesTool(files, args, extra.signal)),
  );
  register('rlm_explore', async (args: ExploreInput, extra) => explore(server, config, symbols, args, extra));
  return server;
}

type ToolExtra = {
  signal: AbortSignal;
  _meta?: { progressToken?: string | number };
  sendNotification: (notification: {
    method: 'notifications/progress';
    params: { progressToken: string | number; progress: number; message?: string };
  }) => Promise<void>;
};

async function explore(
  server: McpServer,
  config: RlmMcpServerConfig,
  symbols: IndexedSymbolService | undefined,
  args: ExploreInput,
  extra: ToolExtra,
): Promise<CallToolResult> {
  const limits = lowerLimits(config.limits, args);
  const models = exploreModels(server, config, limits.timeoutMs ?? defaultRunLimits.timeoutMs);
  const token = extra._meta?.progressToken;
  let sent = 0;
  const { result, runLog } = await startExploreRun({
    question: args.question,
    workspace: config.workspace,
    models,
    limits,
    signal: extra.signal,
    log: config.log,
    ...(symbols ? { symbols } : {}),
    ...(token === undefined
      ? {}
      : {
          onProgress: (progress) => {
            // Progress is advisory: a notification the transport cannot send must not end the run.
            extra
              .sendNotification({
                method: 'notifications/progress',
                params: { progressToken: token, progress: ++sent, message: progress.message() },
              })
              .catch(() => undefined);
          },
        }),
  });
  const structured = exploreRecord(result, runLog);
  const text = `${result.answer || '(no answer)'}\n\n${summaryLine(result)}. Run log: ${runLog}`;
  if (result.reason === 'error') {
    return {
      content: [{ type: 'text', text: `rlm_explore failed: ${result.detail ?? 'the run failed'}\nRun log: ${runLog}` }],
      isError: true,
    };
  }
  return { content: [{ type: 'text', text }], structuredContent: structured };
}

function exploreModels(server: McpServer, config: RlmMcpServerConfig, timeoutMs: number): ExploreModels {
  const { endpoint } = config;
  if (!(endpoint instanceof MissingEndpointError)) {
    return {
      kind: 'endpoint',
      endpoint,
      pricing: config.pricing,
      ...(config.contextWindow ? { contextWindow: config.contextWindow } : {}),
    };
  }
  if (!server.server.getClientCapabilities()?.sampling) throw new NoModelForExploreError(endpoint);
  // A sampling request may wait on the person approving it: it gets the run's own time, not the SDK's 60 s default.
  const sample: SampleFn = async (request, signal) =>
    server.server.createMessage(request, { ...(signal ? { signal } : {}), timeout: timeoutMs });
  return {
    kind: 'sampling',
    sample,
    ...(config.preferredModel ? { model: config.preferredModel } : {}),
    ...(config.contextWindow ? { contextWindow: config.contextWindow } : {}),
  };
}

/** A tool call's limits lower the server's, never raise them. */
function lowerLimits(ceilings: Partial<RunLimits>, args: ExploreInput): Partial<RunLimits> {
  const limits: Partial<RunLimits> = { ...ceilings };
  const lower = (key: keyof RunLimits, value: number | undefined): void => {
    if (value !== undefined) limits[key] = Math.min(ceilings[key] ?? defaultRunLimits[key], value);
  };
  lower('maxIterations', args.maxIterations);
  lower('maxSubCalls', args.maxSubCalls);
  lower('maxTokens', args.maxTokens);
  lower('maxCostUsd', args.maxCostUsd);
  lower('timeoutMs', args.timeoutSeconds === undefined ? undefined : Math.round(args.timeoutSeconds * 1000));
  return limits;
}

function exploreRecord(result: RunResult, runLog: string): Record<string, unknown> {
  const { answer, reason, detail, iterations, totals, durationMs } = result;
  return { answer, reason, ...(detail !== undefined ? { detail } : {}), iterations, totals, durationMs, runLog };
}

function summaryLine(result: RunResult): string {
  const how =
    result.reason === 'final'
      ? 'Answered'
      : result.reason === 'cancelled'
        ? 'Cancelled'
        : `Stopped at a limit (${result.reason}: ${result.detail ?? ''}); the answer is partial`;
  return `${how}: ${runTotalsText(result)}`;
}
