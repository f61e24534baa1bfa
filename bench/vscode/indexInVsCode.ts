// Runs inside VS Code's extension host (bench/vscodeIndexBench.mjs loads it as the tests module): builds the symbol
// index of the open folder the way the extension does (listing through the VS Code workspace, parsing on worker
// threads, the snapshot in extension storage), then re-opens it, and measures how long the extension host's main
// thread was kept from its event loop meanwhile. Writes the figures as JSON to $RLM_BENCH_RESULTS.
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { VscodeSymbolService } from '../../src/vscode/symbols/vscodeSymbolService';
import { createVscodeWorkspace } from '../../src/vscode/vscodeWorkspace';

const extensionId = 'rlm-explorer.rlm-explorer';
const stallMs = 50;

interface PhaseFigures {
  ms: number;
  indexed: number;
  extracted: number;
  /** Longest event-loop delay of the extension host's main thread (Node's histogram, 5 ms resolution). */
  maxStallMs: number;
  p99StallMs: number;
  /** How often the main thread was away longer than `stallMs`, counted by a 5 ms timer. */
  stallsOver50: number;
  /** When those happened (ms from the start) and how long each was. */
  stalls: Array<[at: number, ms: number]>;
}

async function measured<T>(
  work: () => Promise<T>,
): Promise<{ result: T } & Omit<PhaseFigures, 'indexed' | 'extracted'>> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  const stalls: Array<[number, number]> = [];
  const started = performance.now();
  let last = started;
  const timer = setInterval(() => {
    const now = performance.now();
    // The timer's own 5 ms period is not a stall.
    if (now - last > stallMs + 5) stalls.push([Math.round(last - started), Math.round(now - last - 5)]);
    last = now;
  }, 5);
  histogram.enable();
  try {
    const result = await work();
    return {
      result,
      ms: Math.round(performance.now() - started),
      maxStallMs: Math.round(histogram.max / 1e6),
      p99StallMs: Math.round(histogram.percentile(99) / 1e6),
      stallsOver50: stalls.length,
      stalls,
    };
  } finally {
    histogram.disable();
    clearInterval(timer);
  }
}

/** With $RLM_BENCH_PROFILE set, a CPU profile of the extension host's main thread while `work` runs goes there. */
async function profiled<T>(work: () => Promise<T>): Promise<T> {
  const target = process.env.RLM_BENCH_PROFILE;
  if (!target) return work();
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object): Promise<unknown> =>
    new Promise((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 1000 });
  await post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    fs.writeFileSync(target, JSON.stringify(profile));
    session.disconnect();
  }
}

export async function run(): Promise<void> {
  const results = process.env.RLM_BENCH_RESULTS;
  if (!results) throw new Error('RLM_BENCH_RESULTS names the file the figures go to');
  const extension = vscode.extensions.getExtension(extensionId);
  if (!extension) throw new Error(`${extensionId} is not loaded`);
  const distDir = path.join(extension.extensionPath, 'dist');
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-bench-storage-'));
  const log = vscode.window.createOutputChannel('RLM index bench', { log: true });
  const service = (): VscodeSymbolService =>
    new VscodeSymbolService({
      workspace: () => createVscodeWorkspace(log),
      storageDir: storage,
      log,
      workerScript: path.join(distDir, 'symbolWorker.js'),
      assetDir: distDir,
    });
  try {
    const workspace = createVscodeWorkspace(log);
    if (!workspace) throw new Error('no folder is open');
    const { result: listing, ...listingFigures } = await measured(() =>
      workspace.listFiles(undefined, { maxResults: Number.MAX_SAFE_INTEGER }),
    );
    const indexed = async (service: VscodeSymbolService): Promise<PhaseFigures> => {
      const { result, ...figures } = await measured(() => service.stats());
      const [stats] = result;
      if (!stats) throw new Error('no folder is open');
      return { ...figures, indexed: stats.indexed, extracted: stats.extracted };
    };
    const cold = service();
    const coldFigures = await profiled(() => indexed(cold));
    await cold.flush();
    cold.dispose();
    const reopened = service();
    const reopenFigures = await indexed(reopened);
    reopened.dispose();
    fs.writeFileSync(
      results,
      JSON.stringify({
        vscode: vscode.version,
        listing: { ...listingFigures, indexed: listing.files.length, extracted: 0 },
        cold: coldFigures,
        reopen: reopenFigures,
      }),
    );
  } finally {
    fs.rmSync(storage, { recursive: true, force: true });
    log.dispose();
  }
}
