/**
 * The JSON each MCP client wants for `rlm mcp`, from one description of how to start it: Claude Code's
 * `claude mcp add-json`, Cursor's and Cline's `mcpServers`, VS Code's `.vscode/mcp.json` `servers`.
 */
import { existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface McpLaunch {
  command: string;
  args: string[];
}

/** `rlm` from PATH when installed (npm i -g, npm link), else node running the CLI bundle shipped with the extension. */
export function rlmMcpLaunch(
  bundledCli: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): McpLaunch {
  const names = process.platform === 'win32' ? ['rlm.cmd', 'rlm.exe'] : ['rlm'];
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = join(dir, name);
      if (existsSync(candidate) && statSync(candidate).isFile()) return { command: candidate, args: ['mcp'] };
    }
  }
  return { command: 'node', args: [bundledCli, 'mcp'] };
}

/** The configuration text for each client; `repo` is the folder to explore (absolute). */
export function mcpClientConfigs(launch: McpLaunch, repo: string): string {
  const args = [...launch.args, '--repo', repo];
  const server = { command: launch.command, args };
  const env = { RLM_BASE_URL: 'http://localhost:11434/v1', RLM_MODEL: 'qwen2.5-coder:7b' };
  return [
    '// RLM Explorer as an MCP server. Without an endpoint in "env", rlm_explore uses the client\'s model through',
    '// MCP sampling when the client supports it (VS Code does); the free tools need no model.',
    '',
    '// Claude Code (run in a terminal):',
    `claude mcp add-json rlm '${JSON.stringify({ type: 'stdio', ...server, env }).replace(/'/g, "'\\''")}'`,
    '',
    '// Cursor (.cursor/mcp.json) and Cline (cline_mcp_settings.json):',
    JSON.stringify({ mcpServers: { rlm: { ...server, env } } }, null, 2),
    '',
    '// VS Code (.vscode/mcp.json):',
    JSON.stringify({ servers: { rlm: { type: 'stdio', ...server } } }, null, 2),
    '',
  ].join('\n');
}
