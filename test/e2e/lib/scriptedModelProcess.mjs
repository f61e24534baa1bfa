// The scripted OpenAI-compatible model server (a test tool, not a model) as a child process, for tests and benchmarks
// that drive the packaged extension in code-server.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Starts dist/scripted-model-server.js on loopback with `rules` (written to DIR/script.json); resolves with its base
 * URL, `requests()` (what it has seen, from its control route) and `stop()`.
 */
export async function startScriptedModelProcess(dir, rules) {
  const scriptFile = path.join(dir, 'script.json');
  fs.writeFileSync(scriptFile, JSON.stringify({ rules }));
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'scripted-model-server.js'), scriptFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const baseUrl = await new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`scripted-model-server exited (${code}): ${stderr}`)));
  });
  return {
    baseUrl,
    requests: async () => (await (await fetch(`${baseUrl}/__scripted/requests`)).json()).requests,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
