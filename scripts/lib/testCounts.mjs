// Test counts from what the runners write as JSON, not from their console text: vitest's JSON reporter, and one JSON
// line per run from the integration tier (mocha's own stats) and the e2e runner (its results).
import fs from 'node:fs';

/** The environment variable naming the file a runner appends its `{ suite, passed, failed }` line to. */
export const testResultsVariable = 'RLM_TEST_RESULTS';

/** Appends one run's counts when the caller asked for them (npm test sets the variable). */
export function recordTestCounts(suite, passed, failed) {
  const file = process.env[testResultsVariable];
  if (file) fs.appendFileSync(file, `${JSON.stringify({ suite, passed, failed })}\n`);
}

/**
 * The counts in `file`: vitest's JSON report, or the sum of the runners' lines (a stage may run several suites: the
 * integration tier runs a second, Restricted Mode, suite). Null when the stage wrote none (it stopped before).
 */
export function readTestCounts(file) {
  if (!fs.existsSync(file)) return null;
  const text = fs.readFileSync(file, 'utf8').trim();
  if (!text) return null;
  const report = parseJson(text);
  if (typeof report?.numPassedTests === 'number')
    return { passed: report.numPassedTests, failed: report.numFailedTests };
  return text
    .split('\n')
    .map((line) => JSON.parse(line))
    .reduce((sum, run) => ({ passed: sum.passed + run.passed, failed: sum.failed + run.failed }), {
      passed: 0,
      failed: 0,
    });
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
