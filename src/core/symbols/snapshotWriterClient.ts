import { MessageChannel, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { SnapshotFile } from './indexSnapshot';
import type { SnapshotFileData, SnapshotWriterData, WriterReply, WriterRequest } from './workerProtocol';

/** The starting thread's handle on a build's snapshot writer worker (see snapshotWriterWorker.ts). */
export class SnapshotWriterClient {
  private readonly worker: Worker;
  private readonly result: Promise<number>;

  constructor(script: string, data: SnapshotWriterData) {
    this.worker = new Worker(script, { workerData: data });
    this.result = new Promise<number>((resolve, reject) => {
      this.worker.on('message', (reply: WriterReply) => {
        if (reply.type === 'written') resolve(reply.files);
        else reject(new Error(`The symbol index could not be written: ${reply.message}`));
      });
      this.worker.on('error', reject);
      this.worker.on('exit', (code) =>
        reject(new Error(`The symbol index writer exited (code ${code}) before it finished.`)),
      );
    });
    // Rejections are handed to whoever awaits `finish`; none must go unhandled before that.
    this.result.catch(() => undefined);
  }

  /** A port for one parsing worker to send its files to the writer. */
  connect(): MessagePort {
    const { port1, port2 } = new MessageChannel();
    this.post({ type: 'connect', port: port2 }, [port2]);
    return port1;
  }

  /** Files to carry over from the index held now (extracted since the snapshot), with their records. */
  keep(files: readonly SnapshotFile[]): void {
    if (!files.length) return;
    const data: SnapshotFileData[] = files.map(({ records, ...file }) => ({
      ...file,
      ...(records ? { recordBytes: records() } : {}),
    }));
    this.post({ type: 'keep', files: data });
  }

  /** Carries over the snapshot being replaced, but for the files marked in `gone`. */
  keepSnapshot(token: string, gone: Uint8Array): void {
    this.post({ type: 'keep-snapshot', token, gone: gone.slice() });
  }

  /** Resolves with the number of files once the writer has `expected` parsed files and the snapshot is in place. */
  finish(expected: number): Promise<number> {
    this.post({ type: 'finish', expected });
    return this.result;
  }

  dispose(): void {
    void this.worker.terminate();
  }

  private post(request: WriterRequest, transfer: MessagePort[] = []): void {
    this.worker.postMessage(request, transfer);
  }
}
