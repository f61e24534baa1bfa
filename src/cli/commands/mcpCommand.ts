import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CliCommand } from './cliCommand';
import { openWorkspace, parseCommandArgs, parseCount, workspaceOptions } from '../commandArgs';
import { UsageError } from '../usageError';
import { loadAskPricing } from '../ask/askPricing';
import { MissingEndpointError, resolveAskEndpoint, type AskEndpoint } from '../ask/askSettings';
import { createRlmMcpServer } from '../mcp/rlmMcpServer';
import type { RunLimits } from '../../core/engine/runLimits';

const mcpOptions = {
  repo: workspaceOptions.repo,
  help: workspaceOptions.help,
  model: { type: 'string' },
  'sub-model': { type: 'string' },
  'base-url': { type: 'string' },
  'max-depth': { type: 'string' },
  'max-iterations': { type: 'string' },
  'max-sub-calls': { type: 'string' },
  'max-cost': { type: 'string' },
  'max-tokens': { type: 'string' },
  pricing: { type: 'string' },
  timeout: { type: 'string' },
  'context-window': { type: 'string' },
} as const;

export const mcpCommand: CliCommand = {
  name: 'mcp',
  summary: 'Serve the repo to other agents (Claude Code, Cursor, VS Code agent mode) as an MCP server over stdio',
  usage: [
    'Usage: rlm mcp [--repo DIR] [--model M] [--sub-model M] [--base-url URL] [--max-iterations N] [--max-sub-calls N]',
    '               [--max-depth N] [--max-cost USD] [--max-tokens N] [--pricing FILE] [--timeout S] [--context-window N]',
    '',
    'Speaks the Model Context Protocol on stdin/stdout; an MCP client starts it (see the README for Claude Code,',
    'Cursor, Cline and VS Code). Tools:',
    '  rlm_explore      a question about the repo -> a cited answer; sends progress (iteration, sub-calls, tokens,',
    '                   cost), stops when the client cancels, saves a run log under <repo>/.cache/rlm/runs/',
    '  rlm_find_symbol  definitions by name;  rlm_trace  callers/callees/imports with file:line and confidence',
    '  rlm_search       regex search;  rlm_read  line ranges;  rlm_files  file listing (all read-only, no model)',
    '',
    'Model for rlm_explore: the same endpoint settings as rlm ask (RLM_BASE_URL, RLM_API_KEY, RLM_MODEL,',
    "RLM_SUB_MODEL, or the flags). With none configured, rlm_explore asks the client's own model through MCP",
    'sampling when the client supports it (no key needed on this side); RLM_MODEL is then sent as a preference.',
    'The limit flags are ceilings: a tool call may lower them, never raise them. Diagnostics go to stderr.',
    '',
    'Example (Claude Code):',
    '  claude mcp add rlm -- rlm mcp --repo /path/to/repo',
  ].join('\n'),

  async run(args, io) {
    const { values, positionals } = parseCommandArgs('mcp', args, mcpOptions);
    if (positionals.length > 0)
      throw new UsageError(`mcp takes no arguments, got "${positionals.join(' ')}". See rlm help mcp.`);
    const workspace = openWorkspace('mcp', values.repo, io);
    const contextWindow = parseCount(
      'mcp',
      'context-window',
      values['context-window'] ?? io.env.RLM_CONTEXT_WINDOW,
      256,
    );
    const pricing = loadAskPricing(values.pricing as string | undefined, io.cwd);
    let endpoint: AskEndpoint | MissingEndpointError;
    try {
      endpoint = resolveAskEndpoint(
        {
          baseUrl: values['base-url'] as string | undefined,
          model: values.model as string | undefined,
          subModel: values['sub-model'] as string | undefined,
        },
        io.env,
      );
    } catch (error) {
      if (!(error instanceof MissingEndpointError)) throw error;
      endpoint = error;
    }
    const log = (line: string): void => io.stderr(`rlm mcp: ${line}\n`);
    const preferredModel = (values.model as string | undefined) ?? io.env.RLM_MODEL;
    const server = createRlmMcpServer({
      workspace,
      endpoint,
      ...(preferredModel ? { preferredModel } : {}),
      ...(contextWindow ? { contextWindow } : {}),
      pricing,
      limits: parseLimits(values),
      log,
    });
    log(
      `serving ${workspace.roots.map((root) => root.fsPath).join(', ')}; rlm_explore uses ${endpoint instanceof MissingEndpointError ? "the client's model (MCP sampling), when the client offers it" : `${endpoint.model} at ${endpoint.baseUrl}`}`,
    );
    const transport = new StdioServerTransport();
    const closed = new Promise<void>((resolve) => {
      transport.onclose = () => resolve();
    });
    await server.connect(transport);
    // The client closing our stdin (or a signal) is the end of the session.
    const close = (): void => void server.close();
    process.stdin.once('end', close);
    process.once('SIGTERM', close);
    process.once('SIGINT', close);
    await closed;
    process.off('SIGTERM', close);
    process.off('SIGINT', close);
    return 0;
  },
};

function parseLimits(
  values: Partial<Record<keyof typeof mcpOptions, string | boolean | string[]>>,
): Partial<RunLimits> {
  const limits: Partial<RunLimits> = {};
  const count = (flag: keyof typeof mcpOptions, key: keyof RunLimits, min: number): void => {
    const value = parseCount('mcp', flag, values[flag], min);
    if (value !== undefined) limits[key] = value;
  };
  count('max-depth', 'maxDepth', 0);
  count('max-iterations', 'maxIterations', 1);
  count('max-sub-calls', 'maxSubCalls', 0);
  count('max-tokens', 'maxTokens', 1);
  const amount = (flag: 'max-cost' | 'timeout'): number | undefined => {
    const value = values[flag];
    if (value === undefined) return undefined;
    const number = Number(value);
    if (typeof value !== 'string' || !/^\d+(\.\d+)?$/.test(value) || number <= 0)
      throw new UsageError(`--${flag} wants a positive number, got "${String(value)}". See rlm help mcp.`);
    return number;
  };
  const cost = amount('max-cost');
  const timeout = amount('timeout');
  if (cost !== undefined) limits.maxCostUsd = cost;
  if (timeout !== undefined) limits.timeoutMs = Math.round(timeout * 1000);
  return limits;
}
