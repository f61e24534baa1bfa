import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mcpClientConfigs, rlmMcpLaunch } from '../../../src/core/agentTools/mcpClientConfig';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('MCP client configuration', () => {
  it('names the installed rlm when it is on PATH, else node with the bundled CLI', () => {
    dir = mkdtempSync(join(tmpdir(), 'rlm-path-'));
    expect(rlmMcpLaunch('/ext/dist/cli.js', { PATH: dir })).toEqual({
      command: 'node',
      args: ['/ext/dist/cli.js', 'mcp'],
    });
    writeFileSync(join(dir, 'rlm'), '#!/bin/sh\n');
    chmodSync(join(dir, 'rlm'), 0o755);
    expect(rlmMcpLaunch('/ext/dist/cli.js', { PATH: `/nowhere:${dir}` })).toEqual({
      command: join(dir, 'rlm'),
      args: ['mcp'],
    });
  });

  it('gives Claude Code a shell-safe command and Cursor/Cline/VS Code valid JSON with the folder', () => {
    const repo = "/home/o'neil/my repo";
    const text = mcpClientConfigs({ command: '/usr/local/bin/rlm', args: ['mcp'] }, repo);
    const claude = /^claude mcp add-json rlm '(.*)'$/m.exec(text)![1];
    // The shell turns '\'' back into a quote: the JSON Claude Code receives is intact.
    expect(JSON.parse(claude.replace(/'\\''/g, "'"))).toMatchObject({
      type: 'stdio',
      command: '/usr/local/bin/rlm',
      args: ['mcp', '--repo', repo],
    });
    const blocks = text
      .split(/^\/\/ .*$/m)
      .map((b) => b.trim())
      .filter((b) => b.startsWith('{'));
    expect(JSON.parse(blocks[0])).toMatchObject({
      mcpServers: { rlm: { command: '/usr/local/bin/rlm', args: ['mcp', '--repo', repo] } },
    });
    expect(JSON.parse(blocks[1])).toEqual({
      servers: { rlm: { type: 'stdio', command: '/usr/local/bin/rlm', args: ['mcp', '--repo', repo] } },
    });
  });
});
