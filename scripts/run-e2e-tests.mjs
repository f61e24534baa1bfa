// End-to-end UI tests: the packaged .vsix installed into code-server, driven in Debian's Chromium like a person would.
// Each test/e2e/*.e2e.mjs exports `title` and `run({ page, screenshot, url, workspaceFolder, userSettings })`; every test
// gets a fresh page. `userSettings(object)` merges into the user settings (where the model endpoint must be set).
// Usage: node scripts/run-e2e-tests.mjs [--skip-package] [name filter]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureCodeServer } from './ensureCodeServer.mjs';
import { packageExtension } from './package.mjs';
import { launchChromium } from './lib/chromium.mjs';
import {
  codeServerDirs,
  installVsix,
  prepareCodeServerDirs,
  startCodeServer,
  writeUserSettings,
} from './lib/codeServer.mjs';
import { freePort } from './lib/processes.mjs';
import { assertSystemPackages } from './lib/systemPackages.mjs';
import { recordTestCounts } from './lib/testCounts.mjs';
import { seconds, timedStep } from './lib/timing.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const testsDir = path.join(repoRoot, 'test', 'e2e');
const resultsDir = path.join(repoRoot, 'test-results');
const workspaceFolder = path.join(repoRoot, 'test', 'fixtures', 'integration-workspace');
const testTimeoutMs = Number(process.env.RLM_E2E_TEST_TIMEOUT_MS ?? 240_000);

async function loadTests(filter) {
  const files = fs
    .readdirSync(testsDir)
    .filter((name) => name.endsWith('.e2e.mjs'))
    .sort();
  const tests = [];
  for (const file of files) {
    const module = await import(pathToFileURL(path.join(testsDir, file)).href);
    if (typeof module.run !== 'function' || typeof module.title !== 'string') {
      throw new Error(`test/e2e/${file} must export \`title\` (string) and \`run\` (async function).`);
    }
    // A test may export `timeoutMs` when it needs longer than the default (several window reloads).
    const timeoutMs = typeof module.timeoutMs === 'number' ? module.timeoutMs : testTimeoutMs;
    if (!filter || file.includes(filter) || module.title.includes(filter))
      tests.push({ file, title: module.title, run: module.run, timeoutMs });
  }
  if (tests.length === 0) throw new Error(`No e2e tests in test/e2e${filter ? ` match "${filter}"` : ''}.`);
  return tests;
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${seconds(ms)}.`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runTests(browser, url, tests, userSettings) {
  const results = [];
  for (const test of tests) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const screenshot = async (name) => {
      const file = path.join(resultsDir, `${name}.png`);
      await page.screenshot({ path: file });
      console.log(`    screenshot: ${path.relative(repoRoot, file)}`);
      return file;
    };
    const started = Date.now();
    try {
      await withTimeout(test.run({ page, screenshot, url, workspaceFolder, userSettings }), test.timeoutMs, test.title);
      console.log(`  ✔ ${test.title} (${seconds(Date.now() - started)})`);
      results.push({ test, passed: true });
    } catch (error) {
      console.log(`  ✘ ${test.title} (${seconds(Date.now() - started)})\n    ${error.message}`);
      if (pageErrors.length > 0) console.log(`    page errors: ${pageErrors.slice(-5).join(' | ')}`);
      await screenshot(`e2e-failure-${path.basename(test.file, '.e2e.mjs')}`).catch(() => {});
      results.push({ test, passed: false, error });
    } finally {
      await page.close();
    }
  }
  return results;
}

async function main() {
  const args = process.argv.slice(2);
  const filter = args.find((arg) => !arg.startsWith('--'));
  assertSystemPackages();
  const tests = await loadTests(filter);
  const layout = await timedStep('ensure code-server', () => ensureCodeServer());
  let vsixPath;
  if (args.includes('--skip-package')) {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    vsixPath = path.join(repoRoot, `${manifest.name}-${manifest.version}.vsix`);
    if (!fs.existsSync(vsixPath))
      throw new Error(`${path.basename(vsixPath)} does not exist; run npm run package first.`);
  } else {
    ({ vsixPath } = await packageExtension({ quiet: true }));
  }

  fs.mkdirSync(resultsDir, { recursive: true });
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-e2e-'));
  const dirs = codeServerDirs(stateDir);
  let server;
  let browser;
  try {
    prepareCodeServerDirs(dirs);
    await timedStep(`install ${path.basename(vsixPath)} into code-server`, () => installVsix(layout, dirs, vsixPath));
    const port = await freePort();
    const started = await timedStep(`start code-server on 127.0.0.1:${port}`, () =>
      startCodeServer(layout, dirs, { port, folder: workspaceFolder, echo: process.env.RLM_TEST_VERBOSE === '1' }),
    );
    server = started.server;
    browser = await launchChromium();
    const results = await timedStep(`run ${tests.length} e2e tests in Chromium`, () =>
      runTests(browser, started.url, tests, (settings) => writeUserSettings(dirs, settings)),
    );
    const failed = results.filter((r) => !r.passed).length;
    console.log(`\ne2e: ${results.length - failed} passed, ${failed} failed`);
    recordTestCounts('e2e', results.length - failed, failed);
    return failed === 0 ? 0 : 1;
  } finally {
    await browser?.close();
    await server?.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`\ne2e tests: ${error.message}`);
    process.exit(1);
  },
);
