// Entry point the extension host loads (`extensionTestsPath`): runs every bundled suite with mocha.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** Thrown when any test failed; the extension host turns a rejected run() into a non-zero exit code. */
export class IntegrationTestsFailedError extends Error {
  constructor(
    readonly passed: number,
    readonly failed: number,
  ) {
    super(`${failed} of ${passed + failed} integration tests failed; their errors are printed above.`);
    this.name = 'IntegrationTestsFailedError';
  }
}

/** Compiled suites sit under a folder next to their entry (see scripts/buildIntegrationTests.mjs). */
function findSuiteFiles(folder: string): string[] {
  return fs
    .readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.js'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Runs every suite under `folder` with mocha; rejects when a test failed or (without a grep) none ran. */
export function runSuites(folder: string): Promise<void> {
  // The grep environment variable lets a developer run a subset: RLM_TEST_GREP="settings" npm run test:integration.
  const grep = process.env.RLM_TEST_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, grep });
  for (const file of findSuiteFiles(folder)) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    const runner = mocha.run(() => {
      const passed = runner.stats?.passes ?? 0;
      const failed = runner.stats?.failures ?? 0;
      console.log(`integration: ${passed} passed, ${failed} failed`);
      // npm test reads the counts from here (scripts/lib/testCounts.mjs), once per run.
      const resultsFile = process.env.RLM_TEST_RESULTS;
      if (resultsFile)
        fs.appendFileSync(resultsFile, `${JSON.stringify({ suite: path.basename(folder), passed, failed })}\n`);
      // A grep may match nothing in one of the runs (trusted, restricted); without one, zero tests is a broken build.
      if (failed > 0 || (passed === 0 && !grep)) reject(new IntegrationTestsFailedError(passed, failed));
      else resolve();
    });
  });
}

/** The main run: a trusted folder (the runner disables workspace trust). */
export function run(): Promise<void> {
  return runSuites(path.join(__dirname, 'suite'));
}
