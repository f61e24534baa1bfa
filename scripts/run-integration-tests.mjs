// Runs the extension-host tests (test/integration) inside VS Code 1.100 from code-server, in headless Chromium:
// VS Code's server with the extension-tests payload, the exit code reported back by the workbench.
// Usage: node scripts/run-integration-tests.mjs [--skip-build]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { ensureCodeServer } from './ensureCodeServer.mjs';
import { buildIntegrationTests, integrationEntry } from './buildIntegrationTests.mjs';
import { launchChromium } from './lib/chromium.mjs';
import { BackgroundProcess, freePort, runCommand, waitForHttp } from './lib/processes.mjs';
import { assertSystemPackages } from './lib/systemPackages.mjs';
import { seconds, timedStep } from './lib/timing.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workspaceFolder = path.join(repoRoot, 'test', 'fixtures', 'integration-workspace');
const logsDir = path.join(repoRoot, 'test-results', 'integration-logs');
const overallTimeoutMs = Number(process.env.RLM_TEST_TIMEOUT_MS ?? 10 * 60_000);

/** The run did not report an exit code in time. */
class IntegrationTimeoutError extends Error {
  constructor(timeoutMs) {
    super(`The integration tests did not finish within ${seconds(timeoutMs)}; raise RLM_TEST_TIMEOUT_MS or look for a hung test above.`);
    this.name = 'IntegrationTimeoutError';
  }
}

/** The URL that makes the workbench load our extension and run the test module, then report its exit code. */
function testUrl(port) {
  const remote = (absolutePath) => `vscode-remote://127.0.0.1:${port}${absolutePath}`;
  const payload = [
    ['extensionDevelopmentPath', remote(repoRoot)],
    ['extensionTestsPath', remote(integrationEntry)],
    ['skipWelcome', 'true'],
  ];
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspaceFolder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Saves the logs the workbench hands over with its exit code (renderer, extension host, ...). */
function saveWorkbenchLogs(logs) {
  fs.rmSync(logsDir, { recursive: true, force: true });
  for (const log of Array.isArray(logs) ? logs : []) {
    const target = path.join(logsDir, log.relativePath);
    if (!target.startsWith(logsDir)) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, log.contents);
  }
}

async function runInBrowser(port) {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const verbose = process.env.RLM_TEST_VERBOSE === '1';
    page.on('pageerror', (error) => verbose && console.log(`[browser] page error: ${error.message}`));
    page.on('console', (message) => verbose && console.log(`[browser] ${message.type()}: ${message.text()}`));
    let reportExit;
    const exitCode = new Promise((resolve) => { reportExit = resolve; });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      // The workbench forwards console calls as (level, [format, ...values]).
      const line = format(...(Array.isArray(args) ? args : [args]));
      (type === 'error' ? console.error : console.log)(line);
    });
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      saveWorkbenchLogs(logs);
      reportExit(Number(code));
    });
    let timer;
    const timeout = new Promise((_resolve, reject) => {
      timer = setTimeout(() => reject(new IntegrationTimeoutError(overallTimeoutMs)), overallTimeoutMs);
    });
    try {
      const finished = page.goto(testUrl(port)).then(() => exitCode);
      finished.catch(() => {}); // after a timeout, closing the browser rejects the pending navigation
      return await Promise.race([finished, timeout]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await browser.close();
  }
}

async function main() {
  assertSystemPackages();
  const layout = await timedStep('ensure code-server', () => ensureCodeServer());
  if (!process.argv.includes('--skip-build')) {
    await timedStep('build the extension', () => runCommand('node', ['esbuild.js'], { cwd: repoRoot, capture: true }));
  }
  const { suites } = await timedStep('bundle the integration tests', () => buildIntegrationTests());
  console.log(`  suites: ${suites.join(', ')}`);

  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-integration-'));
  const port = await freePort();
  const server = new BackgroundProcess('server', process.execPath, [
    layout.serverMain,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--user-data-dir', path.join(tempDir, 'user-data'),
    '--server-data-dir', path.join(tempDir, 'server-data'),
    '--disable-telemetry',
    // A trust prompt cannot be answered in tests, and Restricted Mode would hide what the extension reads.
    '--disable-workspace-trust',
  ], { cwd: repoRoot, echo: process.env.RLM_TEST_VERBOSE === '1' });
  try {
    await timedStep(`start VS Code server on 127.0.0.1:${port}`, () => waitForHttp(`http://127.0.0.1:${port}/`, 60_000, () => !server.exited));
    const code = await timedStep('run the tests in VS Code (Chromium)', () => runInBrowser(port));
    console.log(`\nintegration tests: VS Code reported exit code ${code}${code === 0 ? '' : `; workbench logs in ${path.relative(repoRoot, logsDir)}/`}`);
    return code;
  } finally {
    await server.stop();
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`\nintegration tests: ${error.message}`);
    process.exit(1);
  },
);
