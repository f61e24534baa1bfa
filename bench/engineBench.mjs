// Engine benchmark against the scripted model server: prints figures, asserts nothing.
// Usage: node bench/engineBench.mjs   (bundles the engine with esbuild into a temp folder first)
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'engine-bench-'));
const entry = `
export { RlmEngine } from './src/core/engine/rlmEngine';
export { ReplSession } from './src/core/sandbox/replSession';
export { OpenAiCompatibleClient } from './src/core/llm/openAiCompatibleClient';
export { NodeWorkspace } from './src/core/workspace/nodeWorkspace';
export { ScriptedModelServer } from './src/testing/scriptedModelServer';
`;
await build({
  stdin: { contents: entry, resolveDir: repo, loader: 'ts' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: join(work, 'engine.js'),
  logLevel: 'silent',
});
// The sandbox runs in a worker thread started from next to the bundle, as dist/sandboxWorker.js is next to dist/cli.js.
await build({
  entryPoints: [join(repo, 'src/core/sandbox/sandboxWorker.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: join(work, 'sandboxWorker.js'),
  logLevel: 'silent',
});
// Token estimates load dist/tokenizer.js from next to the bundle, as the CLI and the extension do.
await build({
  entryPoints: [join(repo, 'src/core/llm/tokenizer.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: join(work, 'tokenizer.js'),
  logLevel: 'silent',
});
// The scripted server runs in its own process, as a real endpoint would: its timers do not compete with the engine's.
await build({
  entryPoints: [join(repo, 'src/testing/scriptedModelServerMain.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: join(work, 'server.js'),
  logLevel: 'silent',
});
copyFileSync(
  join(repo, 'node_modules/@jitl/quickjs-wasmfile-release-asyncify/dist/emscripten-module.wasm'),
  join(work, 'emscripten-module.wasm'),
);
const { RlmEngine, ReplSession, OpenAiCompatibleClient, NodeWorkspace } = createRequire(import.meta.url)(
  join(work, 'engine.js'),
);

const repoDir = join(work, 'repo');
mkdirSync(join(repoDir, 'src'), { recursive: true });
for (let i = 0; i < 20; i++)
  writeFileSync(join(repoDir, `src/file${i}.ts`), `export const value${i} = ${i};\n`.repeat(20));
const workspace = new NodeWorkspace({ roots: repoDir, ripgrep: false });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const js = (code) => '```js\n' + code + '\n```';
const fmt = (ms) => `${ms.toFixed(2)} ms`;

// 1. Sandbox: session creation and the start of a trivial cell.
const creates = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  const s = await ReplSession.create({ workspace, subCall: async () => '', childRun: async () => '' });
  creates.push(performance.now() - t);
  s.dispose();
}
const repl = await ReplSession.create({ workspace, subCall: async () => '', childRun: async () => '' });
const cells = [];
for (let i = 0; i < 300; i++) {
  const t = performance.now();
  await repl.runCell('1');
  cells.push(performance.now() - t);
}
const hostCalls = [];
for (let i = 0; i < 100; i++) {
  const t = performance.now();
  await repl.runCell('readFile("src/file1.ts", 1, 3)');
  hostCalls.push(performance.now() - t);
}
repl.dispose();
console.log(`sandbox session create (worker + QuickJS):  median ${fmt(median(creates))}`);
console.log(`sandbox cell start (cell "1"):            median ${fmt(median(cells))}`);
console.log(`sandbox cell with one readFile:           median ${fmt(median(hostCalls))}`);

// 1b. Cancelling a busy cell: the sandbox runs in a worker thread, so host timers keep firing while it computes.
const busyRepl = await ReplSession.create(
  { workspace, subCall: async () => '', childRun: async () => '' },
  { cellCpuMs: 60_000 },
);
await busyRepl.runCell('var kept = 1');
const busyAbort = new AbortController();
let ticks = 0;
let cancelAt = 0;
const ticker = setInterval(() => ticks++, 10);
setTimeout(() => {
  cancelAt = performance.now();
  busyAbort.abort();
}, 500);
const busy = await busyRepl.runCell('while (true) {}', busyAbort.signal);
const cancelBusyMs = performance.now() - cancelAt;
clearInterval(ticker);
const kept = (await busyRepl.runCell('kept')).output;
busyRepl.dispose();
console.log(
  `cancel a busy cell (while(true)):         ${fmt(cancelBusyMs)} after abort (${busy.stop}, variables kept: ${kept === '→ 1'}); host 10 ms timer ticked ${ticks}× in the 500 ms it ran`,
);

// 2. Engine overhead per iteration with zero model latency (local HTTP round trip included).
const iterations = 40;
const script = [
  { match: { model: 'root', lastUser: 'Stop exploring' }, reply: 'done' },
  {
    match: { model: 'root', lastUser: 'Question: batch' },
    reply: js('const r = llmBatch(Array.from({length: 64}, (_, i) => "p" + i))\nFINAL(String(r.length))'),
  },
  { match: { model: 'root', lastUser: 'Question: cancel' }, reply: js('llmBatch(["a", "b", "c", "d"])') },
  { match: { model: 'root' }, reply: js('print(listFiles().length)') },
  { match: { model: 'sub', lastUser: { regex: '^[a-d]$' } }, reply: 'slow', delayMs: 30_000 },
  { match: { model: 'sub' }, reply: 'ok', delayMs: 100 },
];
writeFileSync(join(work, 'script.json'), JSON.stringify(script));
const serverProcess = spawn(process.execPath, [join(work, 'server.js'), join(work, 'script.json')], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((resolveUrl) =>
  createInterface({ input: serverProcess.stdout }).once('line', resolveUrl),
);
const subCalls = [];
const engine = new RlmEngine({ workspace, sandboxLimits: { subCallConcurrency: 8 } });
// What each question brings: the models and where its events go.
const perQuestion = {
  root: new OpenAiCompatibleClient({ baseUrl: url, model: 'root' }),
  sub: new OpenAiCompatibleClient({ baseUrl: url, model: 'sub' }),
  onEvent: (event) => {
    if (event.type === 'sub-call') subCalls.push(event);
  },
};
await engine.run('warm up', { ...perQuestion, limits: { maxIterations: 3 } });
const baseline = process.memoryUsage();
// Peak above the baseline while the run is going (a before/after difference can go negative after a GC).
const peak = { rss: baseline.rss, heapUsed: baseline.heapUsed };
const sampler = setInterval(() => {
  const now = process.memoryUsage();
  peak.rss = Math.max(peak.rss, now.rss);
  peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
}, 5);
let t = performance.now();
const loop = await engine.run('iterate', { ...perQuestion, limits: { maxIterations: iterations } });
const perIteration = (performance.now() - t) / (loop.iterations + 1);
clearInterval(sampler);
console.log(
  `engine per iteration (zero model latency): ${fmt(perIteration)} over ${loop.iterations} iterations (target ≤ 20 ms)`,
);
console.log(
  `memory per run (peak above the idle process): rss +${((peak.rss - baseline.rss) / 1048576).toFixed(1)} MB (includes the sandbox worker and its WASM heap), main-thread heap +${((peak.heapUsed - baseline.heapUsed) / 1048576).toFixed(1)} MB`,
);

// 3. 64 sub-calls of 100 ms at concurrency 8 against the ideal 0.8 s.
subCalls.length = 0;
const batchRun = await engine.run('batch', perQuestion);
const span =
  Math.max(...subCalls.map((c) => c.startedAt + c.durationMs)) - Math.min(...subCalls.map((c) => c.startedAt));
console.log(
  `64 sub-calls × 100 ms at concurrency 8: ${span.toFixed(0)} ms, ${(span / 800).toFixed(3)}× the ideal 800 ms (target ≤ 1.15×); answer ${batchRun.answer}`,
);

// 4. Cancellation latency with sub-calls in flight.
const controller = new AbortController();
const running = engine.run('cancel', { ...perQuestion, signal: controller.signal });
let abortedAt = 0;
setTimeout(() => {
  abortedAt = performance.now();
  controller.abort();
}, 300); // the four slow sub-calls are in flight by then
const cancelled = await running;
t = abortedAt;
console.log(
  `cancel with 4 sub-calls in flight: ${fmt(performance.now() - t)} until run() returned (${cancelled.reason}) (target ≤ 1000 ms)`,
);

serverProcess.kill('SIGTERM');
rmSync(work, { recursive: true, force: true });
