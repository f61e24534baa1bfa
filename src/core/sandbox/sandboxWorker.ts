/**
 * Entry of the sandbox worker thread (bundled as dist/sandboxWorker.js): runs one `SandboxVm` and proxies its
 * REPL functions to the host thread, so a busy cell never blocks the host's event loop. A call the cell waits for
 * blocks this thread on a shared word until the host's answer is on the reply port; a started call (`.async`)
 * is answered through the ordinary message queue.
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import type { FromSandboxWorker, HostReply, SandboxWorkerData, ToSandboxWorker } from './sandboxProtocol';
import { SandboxVm, type HostCalls } from './sandboxVm';

const port = parentPort;
if (!port) throw new Error('sandboxWorker.js runs as a worker thread; ReplSession starts it.');
const data = workerData as SandboxWorkerData;
const send = (message: FromSandboxWorker): void => port.postMessage(message);
const pending = new Map<number, (reply: HostReply) => void>();
const replyWord = new Int32Array(data.syncReply);
let nextCallId = 0;

const host: HostCalls = {
  callSync(name, argsJson) {
    const callId = ++nextCallId;
    Atomics.store(replyWord, 0, 0);
    send({ type: 'call', callId, name, argsJson, blocking: true });
    for (;;) {
      // Woken by the host once the reply is posted; the timeout only lets a terminating worker notice.
      Atomics.wait(replyWord, 0, 0, 1_000);
      const received = receiveMessageOnPort(data.syncPort as MessagePort)?.message as
        { callId: number; reply: HostReply } | undefined;
      if (received?.callId === callId) return received.reply;
    }
  },
  callAsync: (name, argsJson) =>
    new Promise((resolve) => {
      const callId = ++nextCallId;
      pending.set(callId, resolve);
      send({ type: 'call', callId, name, argsJson, blocking: false });
    }),
};

SandboxVm.create(data, host).then(
  (vm) => {
    port.on('message', (message: ToSandboxWorker) => {
      if (message.type === 'reply') {
        pending.get(message.callId)?.(message.reply);
        pending.delete(message.callId);
        return;
      }
      void vm
        .runCell(message.code, message.fileName)
        .then((result) => send({ type: 'done', cellId: message.cellId, result }));
    });
    send({ type: 'ready', memoryBytes: vm.memoryBytes });
  },
  (error: unknown) => send({ type: 'init-failed', message: error instanceof Error ? error.message : String(error) }),
);
