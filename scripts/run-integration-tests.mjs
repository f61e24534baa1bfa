// Runs the extension-host tests (test/integration) inside VS Code 1.100 from code-server, in headless Chromium:
// VS Code's server with the extension-tests payload, the exit code reported back by the workbench.
// Usage: node scripts/run-integration-tests.mjs [--skip-build] [--restricted-only]
//        node scripts/run-integration-tests.mjs --entry <bundled module> --folder <folder>   (one run of that module
//        with that folder open, as bench/vscodeIndexBench.mjs does)
// A second, small run opens an untrusted folder with workspace trust on (test/integration/restricted).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { ensureCodeServer } from './ensureCodeServer.mjs';
import { buildIntegrationTests, integrationEntry, restrictedEntry } from './buildIntegrationTests.mjs';
import { launchChromium } from './lib/chromium.mjs';
import { BackgroundProcess, freePort, runCommand, waitForHttp } from './lib/processes.mjs';
import { assertSystemPackages } from './lib/systemPackages.mjs';
import { readTestCounts, testResultsVariable } from './lib/testCounts.mjs';
import { seconds, timedStep } from './lib/timing.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workspaceFolder = path.join(repoRoot, 'test', 'fixtures', 'integration-workspace');
const logsDir = path.join(repoRoot, 'test-results', 'integration-logs');
const overallTimeoutMs = Number(process.env.RLM_TEST_TIMEOUT_MS ?? 10 * 60_000);

/** The run did not report an exit code in time. */
class IntegrationTimeoutError extends Error {
  constructor(timeoutMs) {
    super(
      `The integration tests did not finish within ${seconds(timeoutMs)}; raise RLM_TEST_TIMEOUT_MS or look for a hung test above.`,
    );
    this.name = 'IntegrationTimeoutError';
  }
}

/** The URL that makes the workbench load our extension and run the test module, then report its exit code. */
function testUrl(port, folder, entry) {
  const remote = (absolutePath) => `vscode-remote://127.0.0.1:${port}${absolutePath}`;
  const payload = [
    ['extensionDevelopmentPath', remote(repoRoot)],
    ['extensionTestsPath', remote(entry)],
    ['skipWelcome', 'true'],
  ];
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
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

async function runInBrowser(port, folder, entry) {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const verbose = process.env.RLM_TEST_VERBOSE === '1';
    page.on('pageerror', (error) => verbose && console.log(`[browser] page error: ${error.message}`));
    page.on('console', (message) => verbose && console.log(`[browser] ${message.type()}: ${message.text()}`));
    let reportExit;
    const exitCode = new Promise((resolve) => {
      reportExit = resolve;
    });
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
      const finished = page.goto(testUrl(port, folder, entry)).then(() => exitCode);
      finished.catch(() => {}); // after a timeout, closing the browser rejects the pending navigation
      return await Promise.race([finished, timeout]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await browser.close();
  }
}

/** The value after `--name` on the command line, if given. */
function argument(name) {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
}

async function main() {
  assertSystemPackages();
  const layout = await timedStep('ensure code-server', () => ensureCodeServer());
  if (!process.argv.includes('--skip-build')) {
    await timedStep('build the extension', () => runCommand('node', ['esbuild.js'], { cwd: repoRoot, capture: true }));
  }
  const entry = argument('--entry');
  if (entry) {
    const folder = argument('--folder') ?? workspaceFolder;
    return runVsCode(layout, {
      folder: path.resolve(folder),
      entry: path.resolve(entry),
      trust: false,
      counted: false,
    });
  }
  const { suites, restrictedSuites } = await timedStep('bundle the integration tests', () => buildIntegrationTests());
  console.log(`  suites: ${suites.join(', ')}`);
  // --restricted-only skips the main run (while working on the Restricted Mode suites).
  const code = process.argv.includes('--restricted-only')
    ? 0
    : await runVsCode(layout, { folder: workspaceFolder, entry: integrationEntry, trust: false, counted: true });
  if (code !== 0 || restrictedSuites.length === 0) return code;
  // Restricted Mode needs workspace trust on, which the main run turns off: a second, small run on a fresh copy
  // of the fixture (never trusted, since each run starts with empty user data and a new browser profile).
  console.log(`\n  Restricted Mode suites: ${restrictedSuites.join(', ')}`);
  const restrictedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-untrusted-'));
  try {
    const folder = path.join(restrictedDir, 'untrusted-workspace');
    fs.cpSync(workspaceFolder, folder, { recursive: true });
    return await runVsCode(layout, { folder, entry: restrictedEntry, trust: true, counted: true });
  } finally {
    fs.rmSync(restrictedDir, { recursive: true, force: true });
  }
}

/**
 * One VS Code server with `folder` open, running the test entry; `trust` keeps workspace trust (Restricted Mode) on.
 * A `counted` run is a mocha run (test/integration/index.ts) that writes its counts when it finishes: a run that
 * reports exit code 0 without them stopped part way (an extension host that died mid-suite is reported as a clean
 * exit) and fails here.
 */
async function runVsCode(layout, { folder, entry, trust, counted }) {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-integration-'));
  const port = await freePort();
  const countsFile = path.join(tempDir, 'counts.jsonl');
  const server = new BackgroundProcess(
    'server',
    process.execPath,
    [
      layout.serverMain,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--user-data-dir',
      path.join(tempDir, 'user-data'),
      '--server-data-dir',
      path.join(tempDir, 'server-data'),
      '--disable-telemetry',
      // A trust prompt cannot be answered in tests, and Restricted Mode would hide what the extension reads;
      // the Restricted Mode run keeps trust on and never answers the prompt, so the folder stays untrusted.
      ...(trust ? [] : ['--disable-workspace-trust']),
    ],
    {
      cwd: repoRoot,
      echo: process.env.RLM_TEST_VERBOSE === '1',
      env: counted ? { ...process.env, [testResultsVariable]: countsFile } : process.env,
    },
  );
  try {
    await timedStep(`start VS Code server on 127.0.0.1:${port}${trust ? ' (workspace trust on)' : ''}`, () =>
      waitForHttp(`http://127.0.0.1:${port}/`, 60_000, () => !server.exited),
    );
    let code = await timedStep(`run the ${trust ? 'Restricted Mode ' : ''}tests in VS Code (Chromium)`, () =>
      runInBrowser(port, folder, entry),
    );
    if (counted) code = checkCounts(code, countsFile, trust);
    console.log(
      `\nintegration tests${trust ? ' (Restricted Mode)' : ''}: VS Code reported exit code ${code}${code === 0 ? '' : `; workbench logs in ${path.relative(repoRoot, logsDir)}/`}`,
    );
    return code;
  } finally {
    await server.stop();
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

/** The run's exit code, failed when a clean exit came without the counts mocha writes at its end; passes them on. */
function checkCounts(code, countsFile, trust) {
  const counts = readTestCounts(countsFile);
  const outer = process.env[testResultsVariable];
  if (counts && outer) fs.appendFileSync(outer, fs.readFileSync(countsFile, 'utf8'));
  if (code !== 0 || counts) return code;
  console.error(
    `\nintegration tests${trust ? ' (Restricted Mode)' : ''}: VS Code reported exit code 0, but the test run never reported ` +
      'its counts: the extension host stopped before mocha finished. Its log is in the workbench logs ' +
      `(${path.relative(repoRoot, logsDir)}/); run again with RLM_TEST_VERBOSE=1 to see the browser console.`,
  );
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`\nintegration tests: ${error.message}`);
    process.exit(1);
  },
);
