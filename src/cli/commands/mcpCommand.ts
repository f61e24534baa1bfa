import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CliCommand } from './cliCommand';
import { openWorkspace, parseCommandArgs, workspaceOptions } from '../commandArgs';
import { UsageError } from '../usageError';
import { loadAskPricing } from '../ask/askPricing';
import { MissingEndpointError } from '../ask/askSettings';
import { parseContextWindow, parseRunLimits, resolveFlagEndpoint, runLimitOptions } from '../ask/runLimitFlags';
import { createRlmMcpServer } from '../mcp/rlmMcpServer';

const mcpOptions = {
  repo: workspaceOptions.repo,
  help: workspaceOptions.help,
  ...runLimitOptions,
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
    const contextWindow = parseContextWindow('mcp', values, io.env);
    const pricing = loadAskPricing(values.pricing as string | undefined, io.cwd);
    const endpoint = resolveFlagEndpoint(values, io.env);
    const log = (line: string): void => io.stderr(`rlm mcp: ${line}\n`);
    const preferredModel = (values.model as string | undefined) ?? io.env.RLM_MODEL;
    const server = createRlmMcpServer({
      workspace,
      endpoint,
      ...(preferredModel ? { preferredModel } : {}),
      ...(contextWindow ? { contextWindow } : {}),
      pricing,
      limits: parseRunLimits('mcp', values),
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
