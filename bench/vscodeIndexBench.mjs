// The symbol index of the Linux kernel built inside a real VS Code (1.100, from code-server, in headless Chromium):
// how long the cold build and the cached re-open take there, and how long the extension host's main thread was
// kept from its event loop meanwhile (listing through the VS Code workspace included).
// Usage: npm run bench:vscode-index   (needs the tree `npm run bench:linux` fetches; RLM_LINUX_DIR as there)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import esbuild from 'esbuild';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheRoot = path.resolve(process.env.RLM_LINUX_DIR ?? path.join(repoRoot, '.cache/linux'));
const tree = path.join(cacheRoot, 'linux-source-6.1');
const entry = path.join(repoRoot, 'out', 'bench', 'indexInVsCode.js');

if (!fs.existsSync(path.join(tree, 'Makefile'))) {
  console.error(`No kernel tree at ${tree}: run "npm run bench:linux" once (it fetches and unpacks it), then this.`);
  process.exit(1);
}
await esbuild.build({
  entryPoints: [path.join(repoRoot, 'bench', 'vscode', 'indexInVsCode.ts')],
  outfile: entry,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  logLevel: 'warning',
});
const results = path.join(os.tmpdir(), `rlm-vscode-index-${process.pid}.json`);
const run = spawnSync(
  process.execPath,
  [path.join(repoRoot, 'scripts', 'run-integration-tests.mjs'), '--entry', entry, '--folder', tree],
  {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, RLM_BENCH_RESULTS: results, RLM_TEST_TIMEOUT_MS: String(45 * 60_000) },
  },
);
if (run.status !== 0 || !fs.existsSync(results)) {
  console.error(`The run in VS Code failed (exit ${run.status}); its logs are in test-results/integration-logs/.`);
  process.exit(1);
}
const figures = JSON.parse(fs.readFileSync(results, 'utf8'));
fs.rmSync(results, { force: true });
console.log(
  `\nLinux 6.1 in VS Code ${figures.vscode}; ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const row = (measure, phase, target) => ({
  measure,
  ms: phase.ms,
  files: phase.extracted ? `${phase.indexed} indexed, ${phase.extracted} parsed` : `${phase.indexed}`,
  'longest stall (ms)': phase.maxStallMs,
  'p99 delay (ms)': phase.p99StallMs,
  'stalls > 50 ms': phase.stallsOver50,
  target,
});
console.table([
  row('listing alone (VS Code workspace)', figures.listing, ''),
  row('cold build (listing + parsing)', figures.cold, 'stall <= 50 ms'),
  row('cached re-open', figures.reopen, 'stall <= 50 ms, <= 3000 ms'),
]);
for (const [name, phase] of Object.entries({ listing: figures.listing, cold: figures.cold, reopen: figures.reopen }))
  if (phase.stalls.length)
    console.log(
      `${name}: stalls over 50 ms at ${phase.stalls.map(([at, ms]) => `${(at / 1000).toFixed(1)} s (${ms} ms)`).join(', ')}`,
    );
