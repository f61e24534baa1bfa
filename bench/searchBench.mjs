// Search benchmark: our listFiles and grep (ripgrep path and JavaScript engine) against ripgrep itself, on
// the esm/ tree of monaco-editor@0.52.2 (VS Code's editor core). Prints figures; asserts nothing.
// Run with `npm run bench:search`. The package is fetched once with `npm pack` into .cache/bench/.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchBenchPackage } from './lib/fetchBenchPackage.mjs';

const repoRoot = nodePath.resolve(nodePath.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = nodePath.join(repoRoot, '.cache', 'bench');
const packageSpec = 'monaco-editor@0.52.2';
const treeDir = nodePath.join(cacheDir, 'monaco-editor-0.52.2', 'package', 'esm');
const bundlePath = nodePath.join(cacheDir, 'workspace.cjs');
const runs = 7;
const patterns = ['registerEditorAction', '\\bclass\\s+\\w+Widget\\b', 'TODO|FIXME', 'function', 'zzqqxx_not_present'];
const maxFileBytes = 1024 * 1024;

const worker = process.argv.indexOf('--worker');
if (worker >= 0) {
  const result = await runWorker(process.argv[worker + 1], process.argv[worker + 2]);
  process.stdout.write(JSON.stringify(result));
} else {
  await main();
}

async function main() {
  const ripgrep = findOnPath('rg');
  if (ripgrep === undefined) {
    console.error('ripgrep (rg) is not on PATH: install it (Debian: apt-get install ripgrep) to compare against it.');
    process.exit(1);
  }
  fetchBenchPackage(packageSpec, 'monaco-editor-0.52.2');
  await bundleWorkspace();
  const { files, bytes } = measureTree(treeDir);
  const rgVersion = execFileSync(ripgrep, ['--version'], { encoding: 'utf8' }).split('\n')[0];
  console.log(`${packageSpec} esm/: ${files} files, ${(bytes / 1024 / 1024).toFixed(1)} MB`);
  console.log(
    `${rgVersion}, node ${process.version}, ${os.cpus().length} CPUs, ${os.loadavg()[0].toFixed(2)} load; median of ${runs} runs, warm cache\n`,
  );

  const viaRipgrep = runWorkerProcess('ripgrep', ripgrep);
  const viaJs = runWorkerProcess('js', ripgrep);

  console.log(
    `listFiles: ${ms(viaJs.list.ours)} for ${viaJs.list.files} files (rg --files: ${ms(viaJs.list.rg)}, ratio ${ratio(viaJs.list.ours, viaJs.list.rg)})\n`,
  );
  const rows = patterns.map((pattern, index) => {
    const a = viaRipgrep.grep[index];
    const b = viaJs.grep[index];
    const agree = a.matches === b.matches && a.matches === a.rgMatches ? '' : ' (counts differ!)';
    return [
      pattern,
      `${a.matches}${agree}`,
      ms(a.rg),
      ms(a.ours),
      ratio(a.ours, a.rg),
      ms(b.ours),
      ratio(b.ours, b.rg),
      ms(a.oursCapped),
    ];
  });
  printTable(
    ['pattern', 'matching lines', 'rg', 'ours: ripgrep', 'ratio', 'ours: JS engine', 'ratio', 'ours: ripgrep, cap 200'],
    rows,
  );
  const rgRss = ripgrepPeakRss(ripgrep, patterns[3]);
  console.log(
    `\npeak RSS: node with the ripgrep path ${mb(viaRipgrep.maxRssKb)}, node with the JS engine ${mb(viaJs.maxRssKb)}, ` +
      `rg ${rgRss === undefined ? 'n/a (needs /usr/bin/time)' : mb(rgRss)}`,
  );
  const worst = Math.max(...viaRipgrep.grep.map((row) => row.ours / row.rg));
  console.log(`target grep <= 1.5x ripgrep: worst ratio ${worst.toFixed(2)}x, ${worst <= 1.5 ? 'met' : 'NOT met'}`);
  console.log('rg is run as `rg -n --column -i --max-filesize 1M PATTERN .`; ours without a result cap unless noted.');
}

/** Runs one engine's measurements in a fresh process, so its peak RSS is its own. */
function runWorkerProcess(kind, ripgrep) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--worker', kind, ripgrep], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`worker ${kind} failed: ${child.stderr}`);
  return JSON.parse(child.stdout);
}

async function runWorker(kind, ripgrep) {
  const require = createRequire(import.meta.url);
  const { NodeWorkspace } = require(bundlePath);
  const workspace = new NodeWorkspace({
    roots: treeDir,
    ripgrep: kind === 'ripgrep' ? ripgrep : false,
    limits: { maxFileBytes },
  });
  const grep = [];
  for (const pattern of patterns) {
    const rgArgs = ['-n', '--column', '-i', '--max-filesize', String(maxFileBytes), '--regexp', pattern, '.'];
    let matches = 0;
    let rgMatches = 0;
    // Ours and rg alternate, so load on the machine weighs on both alike.
    const times = await interleave({
      ours: async () => {
        matches = (await workspace.grep(pattern, { maxResults: 1e9 })).matches.length;
      },
      rg: async () => {
        rgMatches = await countLines(ripgrep, rgArgs);
      },
      oursCapped: async () => {
        await workspace.grep(pattern);
      },
    });
    grep.push({ pattern, matches, rgMatches, ...times });
  }
  let files = 0;
  const list = await interleave({
    ours: async () => {
      files = (await workspace.listFiles(undefined, { maxResults: 1e9 })).total;
    },
    rg: async () => {
      await countLines(ripgrep, ['--files', '.']);
    },
  });
  return { kind, grep, list: { ...list, files }, maxRssKb: process.resourceUsage().maxRSS };
}

/** Median milliseconds of each task over `runs` rounds (after one warm-up round). */
async function interleave(tasks) {
  const samples = Object.fromEntries(Object.keys(tasks).map((name) => [name, []]));
  for (let round = 0; round <= runs; round++) {
    for (const [name, task] of Object.entries(tasks)) {
      const start = performance.now();
      await task();
      if (round > 0) samples[name].push(performance.now() - start);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}

/** Runs rg in the tree and counts its output lines, reading the pipe as our engine does. */
function countLines(ripgrep, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(ripgrep, args, { cwd: treeDir, stdio: ['ignore', 'pipe', 'inherit'] });
    let lines = 0;
    child.stdout.on('data', (chunk) => {
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
    });
    child.on('error', reject);
    child.on('close', () => resolve(lines));
  });
}

function ripgrepPeakRss(ripgrep, pattern) {
  if (!existsSync('/usr/bin/time')) return undefined;
  const run = spawnSync(
    '/usr/bin/time',
    ['-f', '%M', ripgrep, '-n', '-i', '--max-filesize', String(maxFileBytes), pattern, '.'],
    {
      cwd: treeDir,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const kb = Number(run.stderr.trim().split('\n').pop());
  return Number.isFinite(kb) ? kb : undefined;
}

/** Bundles the workspace module for Node, since dist/ holds only the extension and CLI entry points. */
async function bundleWorkspace() {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [nodePath.join(repoRoot, 'src/core/workspace/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: bundlePath,
    logLevel: 'warning',
  });
}

function measureTree(folder) {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += statSync(nodePath.join(entry.parentPath ?? entry.path, entry.name)).size;
  }
  return { files, bytes };
}

function findOnPath(name) {
  for (const folder of (process.env.PATH ?? '').split(nodePath.delimiter)) {
    const candidate = nodePath.join(folder, name);
    if (folder !== '' && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function printTable(header, rows) {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => String(row[column]).length)),
  );
  const line = (cells) =>
    cells
      .map((cell, column) =>
        column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]),
      )
      .join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function ms(value) {
  return `${value.toFixed(1)} ms`;
}

function ratio(ours, theirs) {
  return `${(ours / theirs).toFixed(2)}x`;
}

function mb(kb) {
  return `${(kb / 1024).toFixed(0)} MB`;
}
