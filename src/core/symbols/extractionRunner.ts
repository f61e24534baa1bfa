import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { extractFileFromDisk } from './fileExtraction';
import type { FileOutcome, FileToIndex } from './fileExtraction';
import type { GrammarLoader } from './grammarLoader';
import { IndexCancelledError } from './indexCancelledError';
import { unpackOutcome } from './symbolCache';
import type { PackedOutcome } from './symbolCache';
import { CooperativeClock } from '../workspace/files/cooperativeClock';
import type { SymbolIndexOptions } from './symbolIndexOptions';
import type { SnapshotWriterClient } from './snapshotWriterClient';
import type { ExtractRequest, SymbolWorkerData, WorkerReply } from './workerProtocol';

export interface ExtractionRun {
  files: readonly FileToIndex[];
  options: SymbolIndexOptions;
  /** Called once per file, in completion order. */
  onOutcome: (outcome: FileOutcome) => void;
  signal?: AbortSignal;
  /** The worker bundle; defaults to `symbolWorker.js` next to the running bundle. */
  workerScript?: string;
  assetDir?: string;
  /** Used when no workers run (no worker bundle, or `workers: 0`). */
  loader: GrammarLoader;
  /**
   * A snapshot writer worker the parsing workers send files to directly; `onForwarded` then reports each file
   * (for progress) instead of `onOutcome`. Only used when workers run.
   */
  writer?: SnapshotWriterClient;
  onForwarded?: (file: string) => void;
}

/** Where the worker bundle is expected: next to the running bundle (dist/). */
export function defaultWorkerScript(): string {
  return path.join(__dirname, 'symbolWorker.js');
}

/** What a symbol worker starts with: where its assets are and the limits extraction applies. */
export function symbolWorkerData(options: SymbolIndexOptions, assetDir?: string): SymbolWorkerData {
  return {
    ...(assetDir ? { assetDir } : {}),
    limits: {
      maxFileBytes: options.maxFileBytes,
      minifiedAverageLineChars: options.minifiedAverageLineChars,
      minifiedMaxLineChars: options.minifiedMaxLineChars,
    },
  };
}

/** Extracts every file, on worker threads when the worker bundle exists, else on this thread. Reports how it ran. */
export async function runExtraction(run: ExtractionRun): Promise<{ threads: number }> {
  const script = run.workerScript ?? defaultWorkerScript();
  const threads = Math.min(run.options.workers, Math.ceil(run.files.length / run.options.batchSize));
  if (threads > 0 && fs.existsSync(script)) {
    await runOnWorkers(run, script, threads);
    return { threads };
  }
  await runInThread(run);
  return { threads: 0 };
}

async function runInThread(run: ExtractionRun): Promise<void> {
  let done = 0;
  for (const file of run.files) {
    if (run.signal?.aborted) throw new IndexCancelledError(done, run.files.length);
    run.onOutcome(await extractFileFromDisk(run.loader, file, run.options));
    done++;
  }
}

function runOnWorkers(run: ExtractionRun, script: string, threads: number): Promise<void> {
  const { files, options, signal } = run;
  const workerData: SymbolWorkerData = { ...symbolWorkerData(options, run.assetDir), background: true };
  return new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let batchId = 0;
    let done = 0;
    let settled = false;
    // Outcomes wait here and are handed over a slice of time at a time: a batch of large files can carry a
    // million names, and taking it in one go would stall the thread (an extension host's UI) for that long.
    const arrived: PackedOutcome[] = [];
    let draining = false;
    const clock = new CooperativeClock();
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
      if (error) reject(error);
      else resolve();
    };
    const onAbort = (): void => finish(new IndexCancelledError(done, files.length));
    const drain = async (): Promise<void> => {
      if (draining) return;
      draining = true;
      try {
        while (arrived.length && !settled) {
          done++;
          run.onOutcome(unpackOutcome(arrived.shift() as PackedOutcome));
          await clock.maybeYield();
        }
        if (done === files.length) finish();
      } catch (error) {
        finish(error instanceof Error ? error : new Error(String(error)));
      } finally {
        draining = false;
      }
    };
    const feed = (worker: Worker): void => {
      if (next >= files.length) return;
      // Smaller batches toward the end keep both threads busy until the last file.
      const remaining = files.length - next;
      const size = Math.max(1, Math.min(options.batchSize, Math.ceil(remaining / (threads * 2))));
      const request: ExtractRequest = { type: 'extract', batchId: batchId++, files: files.slice(next, next + size) };
      next += size;
      worker.postMessage(request);
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort);
    for (let i = 0; i < threads; i++) {
      const writerPort = run.writer?.connect();
      const worker = writerPort
        ? new Worker(script, { workerData: { ...workerData, writerPort }, transferList: [writerPort] })
        : new Worker(script, { workerData });
      workers.push(worker);
      worker.on('message', (reply: WorkerReply) => {
        if (settled) return;
        if (reply.type === 'failed') return finish(new Error(`Symbol worker failed: ${reply.message}`));
        for (const file of reply.forwarded ?? []) {
          done++;
          run.onForwarded?.(file);
        }
        if (reply.forwarded && done === files.length) return finish();
        arrived.push(...reply.outcomes);
        feed(worker);
        void drain();
      });
      worker.on('error', (error) => finish(error));
      // A worker that exits before the build is done (killed, crashed, a broken bundle) would leave it waiting.
      worker.on('exit', (code) =>
        finish(
          new Error(
            `Symbol worker exited (code ${code}) with ${files.length - done} of ${files.length} files still to index.`,
          ),
        ),
      );
      feed(worker);
    }
  });
}
