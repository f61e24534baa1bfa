// The README's test command: build, typecheck, lint, unit, integration (VS Code in Chromium), e2e (the .vsix in code-server).
// Stops at the first failing stage and prints a summary with the time of each stage.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seconds } from './lib/timing.mjs';
import { readTestCounts, testResultsVariable } from './lib/testCounts.mjs';
import { assertSystemPackages } from './lib/systemPackages.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npx = path.join(repoRoot, 'node_modules', '.bin');

/** Each stage, in order; `rerun` is what a developer types to run it alone. */
const stages = [
  { name: 'build', command: process.execPath, args: ['esbuild.js'], rerun: 'npm run build' },
  { name: 'typecheck', command: 'npm', args: ['run', '--silent', 'typecheck'], rerun: 'npm run typecheck' },
  { name: 'lint', command: 'npm', args: ['run', '--silent', 'lint'], rerun: 'npm run lint' },
  {
    name: 'unit',
    command: path.join(npx, 'vitest'),
    // The usual console report, and the counts as JSON into the stage's results file.
    args: (resultsFile) => ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`],
    rerun: 'npx vitest run',
    counts: true,
  },
  {
    name: 'integration',
    command: process.execPath,
    args: ['scripts/run-integration-tests.mjs', '--skip-build'],
    rerun: 'npm run test:integration',
    counts: true,
  },
  {
    name: 'e2e',
    command: process.execPath,
    args: ['scripts/run-e2e-tests.mjs'],
    rerun: 'npm run test:e2e',
    counts: true,
  },
];

/** Runs a stage with its output shown live; a counting stage writes its test counts to `resultsFile` as JSON. */
function runStage(stage, resultsFile) {
  return new Promise((resolve) => {
    const args = typeof stage.args === 'function' ? stage.args(resultsFile) : stage.args;
    const env = { ...process.env, [testResultsVariable]: resultsFile };
    const child = spawn(stage.command, args, { cwd: repoRoot, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (error) => {
      console.error(error.message);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function printSummary(results) {
  console.log('\n──────── summary ────────');
  for (const r of results) {
    const tests = r.counts ? `  ${r.counts.passed} passed, ${r.counts.failed} failed` : '';
    console.log(`${r.ok ? '✔' : '✘'} ${r.name.padEnd(12)} ${seconds(r.ms).padStart(8)}${tests}`);
  }
  const total = results.reduce((sum, r) => sum + r.ms, 0);
  console.log(`  ${'total'.padEnd(12)} ${seconds(total).padStart(8)}`);
}

async function main() {
  try {
    assertSystemPackages();
  } catch (error) {
    console.error(`test: cannot run the VS Code tiers.\n${error.message}`);
    return 1;
  }
  const results = [];
  const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-test-counts-'));
  for (const stage of stages) {
    console.log(`\n════════ ${stage.name} ════════`);
    const started = Date.now();
    const resultsFile = path.join(resultsDir, `${stage.name}.json`);
    const code = await runStage(stage, resultsFile);
    const counts = stage.counts ? readTestCounts(resultsFile) : null;
    const ok = code === 0;
    results.push({ name: stage.name, ok, ms: Date.now() - started, counts });
    if (!ok) {
      printSummary(results);
      console.error(
        `\ntest: stage "${stage.name}" failed (exit code ${code}); stopped there. Run it alone with: ${stage.rerun}`,
      );
      const passed = results.reduce((sum, r) => sum + (r.counts?.passed ?? 0), 0);
      const failed = results.reduce((sum, r) => sum + (r.counts?.failed ?? 0), 0);
      console.log(`total: ${passed} passed, ${Math.max(failed, 1)} failed`);
      return 1;
    }
  }
  printSummary(results);
  const passed = results.reduce((sum, r) => sum + (r.counts?.passed ?? 0), 0);
  console.log(`\ntotal: ${passed} passed, 0 failed`);
  return 0;
}

main().then((code) => process.exit(code));
