// Worker-thread entry (its own esbuild bundle, dist/symbolWorker.js): parses batches of files off the main thread,
// or, started with the snapshot-writer role, writes the snapshot a build's parsing workers send it.
import * as os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { extractFileFromDisk } from './fileExtraction';
import { GrammarLoader } from './grammarLoader';
import { packOutcome } from './symbolCache';
import { serveSnapshotWriter } from './snapshotWriterWorker';
import { SyntaxTreeCache } from './syntaxTreeCache';
import type {
  ExtractRequest,
  ForwardedOutcomes,
  SnapshotWriterData,
  SymbolWorkerData,
  WorkerReply,
  WorkerRequest,
} from './workerProtocol';

const port = parentPort;
if (!port) throw new Error('symbolWorker must run in a worker thread');
const data = workerData as SymbolWorkerData | SnapshotWriterData;
if ('role' in data || data.background) lowerThreadPriority();
if ('role' in data) serveSnapshotWriter(port, data);
else serveExtraction(port, data);

/**
 * A build's workers run below the priority of the thread that started them (in VS Code, the extension host): when
 * parsing keeps every core busy, that thread is still scheduled as soon as it wakes, so the editor's extensions stay
 * responsive. Linux keeps a nice value per thread; on other systems the call would lower the whole process, so
 * there the workers run at normal priority.
 */
function lowerThreadPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    os.setPriority(os.constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // Not permitted here: run at normal priority.
  }
}

function serveExtraction(port: MessagePort, data: SymbolWorkerData): void {
  const loader = new GrammarLoader(data.assetDir ? { assetDir: data.assetDir } : {});
  const trees = data.keepTrees ? new SyntaxTreeCache() : undefined;
  port.on('message', (request: WorkerRequest) => {
    // A grammar that fails to load is reported by the extract that needs it.
    if (request.type === 'warm') for (const language of request.languages) loader.load(language).catch(() => undefined);
    else void handle(loader, data, request, trees).then((reply) => port.postMessage(reply));
  });
}

async function handle(
  loader: GrammarLoader,
  data: SymbolWorkerData,
  request: ExtractRequest,
  trees: SyntaxTreeCache | undefined,
): Promise<WorkerReply> {
  try {
    const outcomes = [];
    for (const file of request.files)
      outcomes.push(packOutcome(await extractFileFromDisk(loader, file, data.limits, trees)));
    if (!data.writerPort) return { type: 'extracted', batchId: request.batchId, outcomes };
    // Sent before the reply, so the writer has them by the time the starting thread counts them.
    data.writerPort.postMessage({ type: 'outcomes', outcomes } satisfies ForwardedOutcomes);
    return { type: 'extracted', batchId: request.batchId, outcomes: [], forwarded: outcomes.map((o) => o.file) };
  } catch (error) {
    return {
      type: 'failed',
      batchId: request.batchId,
      message: error instanceof Error ? error.message : String(error),
    };
  }
}
