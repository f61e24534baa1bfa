// Worker-thread entry (its own esbuild bundle, dist/symbolWorker.js): parses batches of files off the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { extractFileFromDisk } from './fileExtraction';
import { GrammarLoader } from './grammarLoader';
import { packOutcome } from './symbolCache';
import type { ExtractRequest, SymbolWorkerData, WorkerReply, WorkerRequest } from './workerProtocol';

const data = workerData as SymbolWorkerData;
const loader = new GrammarLoader(data.assetDir ? { assetDir: data.assetDir } : {});
const port = parentPort;
if (!port) throw new Error('symbolWorker must run in a worker thread');

port.on('message', (request: WorkerRequest) => {
  // A grammar that fails to load is reported by the extract that needs it.
  if (request.type === 'warm') for (const language of request.languages) loader.load(language).catch(() => undefined);
  else void handle(request).then((reply) => port.postMessage(reply));
});

async function handle(request: ExtractRequest): Promise<WorkerReply> {
  try {
    const outcomes = [];
    for (const file of request.files) outcomes.push(packOutcome(await extractFileFromDisk(loader, file, data.limits)));
    return { type: 'extracted', batchId: request.batchId, outcomes };
  } catch (error) {
    return {
      type: 'failed',
      batchId: request.batchId,
      message: error instanceof Error ? error.message : String(error),
    };
  }
}
