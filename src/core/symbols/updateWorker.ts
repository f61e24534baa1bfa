import { Worker } from 'node:worker_threads';
import type { FileOutcome, FileToIndex } from './fileExtraction';
import { unpackOutcome } from './symbolCache';
import type { LanguageId } from './symbolTypes';
import type { ExtractRequest, SymbolWorkerData, WarmRequest, WorkerReply } from './workerProtocol';

interface Pending {
  resolve: (outcome: FileOutcome) => void;
  reject: (error: Error) => void;
}

/**
 * One long-lived symbol worker for incremental updates: its grammars load once, off the calling thread,
 * so re-indexing a saved file never blocks the extension host on grammar loading or query compilation.
 */
export class UpdateWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(script: string, workerData: SymbolWorkerData) {
    this.worker = new Worker(script, { workerData });
    // An idle update worker must not keep a CLI process alive.
    this.worker.unref();
    this.worker.on('message', (reply: WorkerReply) => {
      const waiting = this.pending.get(reply.batchId);
      if (!waiting) return;
      this.pending.delete(reply.batchId);
      if (reply.type === 'failed') waiting.reject(new Error(`Symbol update worker failed: ${reply.message}`));
      else if (reply.outcomes.length !== 1)
        waiting.reject(new Error(`Symbol update worker answered with ${reply.outcomes.length} outcomes for one file`));
      else waiting.resolve(unpackOutcome(reply.outcomes[0]));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`Symbol update worker exited with code ${code}`)));
  }

  /** True once the worker died; callers then extract on their own thread. */
  get broken(): boolean {
    return this.failure !== undefined;
  }

  /** Starts loading grammars now, in the background. */
  warm(languages: LanguageId[]): void {
    if (this.failure || !languages.length) return;
    const request: WarmRequest = { type: 'warm', languages };
    this.worker.postMessage(request);
  }

  extract(file: FileToIndex): Promise<FileOutcome> {
    if (this.failure) return Promise.reject(this.failure);
    const batchId = this.nextId++;
    return new Promise<FileOutcome>((resolve, reject) => {
      this.pending.set(batchId, { resolve, reject });
      // A pending update keeps the process alive until it is answered.
      this.worker.ref();
      const request: ExtractRequest = { type: 'extract', batchId, files: [file] };
      this.worker.postMessage(request);
    }).finally(() => {
      if (!this.pending.size) this.worker.unref();
    });
  }

  dispose(): void {
    this.fail(new Error('Symbol update worker disposed'));
    void this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(this.failure);
    this.pending.clear();
  }
}
