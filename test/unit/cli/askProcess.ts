/** The built `rlm` CLI as a process in a copy of the fixture repo, with the scripted server as its endpoint. */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScriptedModelServer } from '../../../src/testing/scriptedModelServer';
import type { ScriptRule } from '../../../src/testing/scriptRules';

export const dist = join(__dirname, '../../../dist');
export const cli = join(dist, 'cli.js');
export const apiKey = 'sk-test-DO-NOT-LEAK-0123456789';
export const cliMissing = 'dist/cli.js is missing: build first with "node esbuild.js" (npm test does)';

export const cliBuilt = (): boolean => existsSync(cli);

export interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface AskFixture {
  repo: string;
  server: ScriptedModelServer;
  env: Record<string, string>;
}

/** A fresh copy of the fixture repo and a scripted server with these rules; the env points `rlm ask` at it. */
export async function startAskFixture(rules: ScriptRule[], prefix = 'rlm-ask-'): Promise<AskFixture> {
  const repo = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(__dirname, '../../fixtures/symbols/repo'), repo, { recursive: true });
  const server = await ScriptedModelServer.start(rules);
  return {
    repo,
    server,
    env: { RLM_BASE_URL: server.url, RLM_MODEL: 'root-model', RLM_SUB_MODEL: 'sub-model', RLM_API_KEY: apiKey },
  };
}

/** Runs the CLI in `cwd`; `onStderr` may act on progress lines (e.g. send SIGINT). */
export function runCliProcess(
  cwd: string,
  args: string[],
  env: Record<string, string>,
  onStderr?: (text: string, kill: (signal: NodeJS.Signals) => void) => void,
  cliPath = cli,
): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr?.(stderr, (signal) => child.kill(signal));
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export const js = (code: string): string => `\`\`\`js\n${code}\n\`\`\``;
