import type { MessagePort } from 'node:worker_threads';
import { IndexSnapshot, SnapshotWriter, keptSnapshotFiles } from './indexSnapshot';
import { unpackOutcome } from './symbolCache';
import { snapshotFileOf } from './symbolStore';
import type { ForwardedOutcomes, SnapshotWriterData, WriterReply, WriterRequest } from './workerProtocol';

/**
 * The snapshot writer of a build, on its own worker thread: parsing workers send it their files directly, so the
 * starting thread (an extension host) never holds or interns millions of names and only counts progress. It
 * finishes once it has every file the starting thread counted, then renames the snapshot into place.
 */
export function serveSnapshotWriter(parent: MessagePort, data: SnapshotWriterData): void {
  const writer = new SnapshotWriter(data.target, data.format, data.settings);
  let received = 0;
  let expected: number | undefined;
  let finishing = false;
  let failed = false;
  // Kept files of the snapshot being replaced, re-assembled in the background; the writer finishes after them.
  let keeping: Promise<void> = Promise.resolve();
  const reply = (message: WriterReply): void => parent.postMessage(message);
  const fail = (error: unknown): void => {
    if (failed) return;
    failed = true;
    writer.discard();
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  };
  const maybeFinish = (): void => {
    if (finishing || failed || expected === undefined || received < expected) return;
    finishing = true;
    keeping.then(() => writer.finish()).then(() => reply({ type: 'written', files: writer.fileCount }), fail);
  };
  const accept = (message: ForwardedOutcomes): void => {
    if (finishing || failed) return;
    try {
      for (const outcome of message.outcomes) writer.add(snapshotFileOf(unpackOutcome(outcome)));
      received += message.outcomes.length;
      maybeFinish();
    } catch (error) {
      fail(error);
    }
  };
  parent.on('message', (request: WriterRequest) => {
    if (finishing || failed) return;
    try {
      if (request.type === 'connect') request.port.on('message', accept);
      else if (request.type === 'keep') {
        for (const { recordBytes, ...file } of request.files)
          writer.add(recordBytes ? { ...file, records: () => recordBytes } : file);
      } else if (request.type === 'keep-snapshot') {
        // The snapshot being replaced stays readable while the new one is written beside it.
        const snapshot = IndexSnapshot.open(data.target, data.format, data.settings);
        if (!snapshot || snapshot.token !== request.token)
          throw new Error(`The symbol index at ${data.target} changed while it was being rebuilt; build again.`);
        keeping = keptSnapshotFiles(snapshot, request.gone).then((files) => {
          for (const file of files) writer.add(file);
        });
      } else {
        expected = request.expected;
        maybeFinish();
      }
    } catch (error) {
      fail(error);
    }
  });
}
