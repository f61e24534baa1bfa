// A minimal Language Server Protocol client over stdio, for the accuracy bench's reference call hierarchies.
import { spawn } from 'node:child_process';

export class LspClient {
  /** Starts `command args` and speaks JSON-RPC with Content-Length framing on its stdin/stdout. */
  constructor(command, args, options = {}) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
    this.nextId = 1;
    this.pending = new Map();
    this.buffer = Buffer.alloc(0);
    this.notifications = [];
    this.listeners = [];
    this.child.stdout.on('data', (chunk) => this.onData(chunk));
    this.child.stderr.on('data', () => {});
    this.child.on('exit', (code) => {
      for (const { reject } of this.pending.values()) reject(new Error(`${command} exited with code ${code}`));
      this.pending.clear();
    });
  }

  onData(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.slice(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = JSON.parse(this.buffer.slice(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
      this.buffer = this.buffer.slice(headerEnd + 4 + length);
      this.dispatch(body);
    }
  }

  dispatch(message) {
    if (process.env.LSP_DEBUG) console.error('<-', JSON.stringify(message).slice(0, 200));
    if (message.id !== undefined && message.method === undefined) {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) pending?.reject(new Error(`${message.error.code}: ${message.error.message}`));
      else pending?.resolve(message.result);
      return;
    }
    if (message.id !== undefined) {
      // Requests from the server (configuration, progress tokens, capability registration): answer plainly.
      const result =
        message.method === 'workspace/configuration' ? (message.params?.items ?? []).map(() => ({})) : null;
      this.send({ jsonrpc: '2.0', id: message.id, result });
      return;
    }
    this.notifications.push(message);
    for (const listener of this.listeners) listener(message);
  }

  send(message) {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    if (process.env.LSP_DEBUG) console.error('->', JSON.stringify(message).slice(0, 200));
    this.child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  }

  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves on the first notification `accept` takes, or after `count` of them when counting. */
  waitFor(accept) {
    return new Promise((resolve) => {
      const listener = (message) => {
        if (!accept(message)) return;
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve(message);
      };
      this.listeners.push(listener);
    });
  }

  async shutdown() {
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 5000))]);
      this.notify('exit', null);
    } finally {
      setTimeout(() => this.child.kill(), 1000).unref();
    }
  }
}
