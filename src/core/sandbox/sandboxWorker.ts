/**
 * Entry of the sandbox worker thread (bundled as dist/sandboxWorker.js): runs one `SandboxVm` and proxies its
 * async REPL functions to the host thread, so a busy cell never blocks the host's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FromSandboxWorker, HostReply, SandboxWorkerData, ToSandboxWorker } from './sandboxProtocol';
import { SandboxVm } from './sandboxVm';

const port = parentPort;
if (!port) throw new Error('sandboxWorker.js runs as a worker thread; ReplSession starts it.');
const send = (message: FromSandboxWorker): void => port.postMessage(message);
const pending = new Map<number, (reply: HostReply) => void>();
let nextCallId = 0;

const hostCall = (name: string, argsJson: string): Promise<HostReply> => new Promise((resolve) => {
  const callId = ++nextCallId;
  pending.set(callId, resolve);
  send({ type: 'call', callId, name, argsJson });
});

SandboxVm.create(workerData as SandboxWorkerData, hostCall).then(
  (vm) => {
    port.on('message', (message: ToSandboxWorker) => {
      if (message.type === 'reply') {
        pending.get(message.callId)?.(message.reply);
        pending.delete(message.callId);
        return;
      }
      void vm.runCell(message.code, message.fileName).then((result) => send({ type: 'done', cellId: message.cellId, result }));
    });
    send({ type: 'ready', memoryBytes: vm.memoryBytes });
  },
  (error: unknown) => send({ type: 'init-failed', message: error instanceof Error ? error.message : String(error) }),
);
