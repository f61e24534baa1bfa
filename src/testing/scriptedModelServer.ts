/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 that answers from a script of rules, so every model-facing
 * test (and a CLI demo) runs over real HTTP without a real model.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { abortableSleep } from '../core/abortable';
import { ruleMatches, type RecordedMessage, type RecordedRequest, type ScriptRule } from './scriptRules';

export interface ScriptedModelServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Extra names for /v1/models, besides the exact model names in rules. */
  models: readonly string[];
  /**
   * Extra fields of a model's /v1/models entry, by model name, as endpoints send them: e.g. `{ context_length: 8192,
   * top_provider: { max_completion_tokens: 1024 } }` (OpenRouter), `{ max_model_len: 4096 }` (vLLM).
   */
  modelMetadata: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Awaited before /v1/models answers: a test holds the listing to act while a client waits for it. */
  beforeModels?: () => Promise<void>;
}

const defaultOptions: ScriptedModelServerOptions = { port: 0, models: [], modelMetadata: {} };

const now = (): number => performance.timeOrigin + performance.now();

export class ScriptedModelServer {
  /** Every chat request in arrival order. */
  readonly requests: RecordedRequest[] = [];
  private readonly rules: { rule: ScriptRule; label: string; used: number }[] = [];

  private constructor(
    private readonly server: Server,
    private readonly options: ScriptedModelServerOptions,
  ) {}

  static async start(
    rules: readonly ScriptRule[] = [],
    options: Partial<ScriptedModelServerOptions> = {},
  ): Promise<ScriptedModelServer> {
    const merged = { ...defaultOptions, ...options };
    const server = createServer();
    const instance = new ScriptedModelServer(server, merged);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      instance.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { message: `scripted server bug: ${String(error)}` } });
        else res.destroy();
      });
    });
    instance.addRules(...rules);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(merged.port, '127.0.0.1', () => resolve());
    });
    return instance;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The base URL to give an OpenAI client (ends in /v1). */
  get url(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** Appends rules; earlier rules win, so add fallbacks last. */
  addRules(...rules: ScriptRule[]): void {
    for (const rule of rules) this.rules.push({ rule, label: rule.name ?? `#${this.rules.length}`, used: 0 });
  }

  /** How many requests each rule answered, by label. */
  usage(): Record<string, number> {
    return Object.fromEntries(this.rules.map((r) => [r.label, r.used]));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0].replace(/^\/v1/, '');
    if (req.method === 'GET' && path === '/models') {
      await this.options.beforeModels?.();
      return this.listModels(res);
    }
    // For tests that run the server as a separate process: what it has seen so far.
    if (req.method === 'GET' && path === '/__scripted/requests')
      return sendJson(res, 200, { requests: this.requests, usage: this.usage() });
    if (req.method !== 'POST' || path !== '/chat/completions') {
      return sendJson(res, 404, { error: { message: `scripted server: no route ${req.method} ${req.url}` } });
    }
    const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    const messages = (Array.isArray(body.messages) ? body.messages : []).map(toRecordedMessage);
    const model = String(body.model ?? '');
    const entry = this.rules.find(
      (r) => (r.rule.times === undefined || r.used < r.rule.times) && ruleMatches(r.rule, model, messages),
    );
    const record: RecordedRequest = {
      seq: this.requests.length,
      rule: entry?.label,
      model,
      messages,
      stream: body.stream === true,
      includeUsage: (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true,
      body,
      headers: { ...req.headers },
      status: 200,
      receivedAt: now(),
      chunksSentAt: [],
      clientAborted: false,
    };
    this.requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished) record.clientAborted = true;
    });
    if (!entry) {
      record.status = 400;
      const last = messages.at(-1)?.content.slice(0, 120) ?? '';
      return sendJson(res, 400, {
        error: {
          message: `scripted server: no rule matches model "${model}", last message "${last}"`,
          type: 'invalid_request_error',
        },
      });
    }
    entry.used++;
    await this.respond(entry.rule, record, res);
  }

  private async respond(rule: ScriptRule, record: RecordedRequest, res: ServerResponse): Promise<void> {
    if (rule.delayMs) await abortableSleep(rule.delayMs);
    if (res.destroyed) return;
    record.firstByteAt = now();
    if (rule.status !== undefined && rule.status >= 400) {
      record.status = rule.status;
      const headers: Record<string, string> =
        rule.retryAfter === undefined ? {} : { 'retry-after': String(rule.retryAfter) };
      sendJson(
        res,
        rule.status,
        {
          error: {
            message: rule.errorMessage ?? `scripted HTTP ${rule.status}`,
            type: 'scripted_error',
            code: rule.errorCode ?? null,
          },
        },
        headers,
      );
      record.endedAt = now();
      return;
    }
    const text = typeof rule.reply === 'function' ? await rule.reply(record) : (rule.reply ?? '');
    if (res.destroyed) return;
    const scripted = rule.usage === null ? undefined : (rule.usage ?? computedUsage(record.messages, text));
    // As on a real endpoint, the reported answer never has more tokens than the request's output cap allowed.
    const cap = outputCap(record.body);
    const capped = scripted !== undefined && cap !== undefined && scripted.completionTokens > cap;
    const usage = capped ? { ...scripted, completionTokens: cap } : scripted;
    const id = `chatcmpl-scripted-${record.seq}`;
    const created = Math.floor(Date.now() / 1000);
    const finishReason = rule.finishReason ?? (capped ? 'length' : 'stop');
    if (!record.stream) {
      sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model: record.model,
        choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: finishReason }],
        ...(usage ? { usage: toWireUsage(usage) } : {}),
      });
      record.endedAt = now();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const chunk = (delta: Record<string, unknown>, finish: string | null): string =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: record.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    res.write(chunk({ role: 'assistant', content: '' }, null));
    const pieces = splitText(text, rule.chunkChars ?? 16);
    for (const [index, piece] of pieces.entries()) {
      if (rule.chunkDelayMs && index > 0) await abortableSleep(rule.chunkDelayMs);
      if (res.destroyed) return;
      if (rule.cutAfterChunks !== undefined && index >= rule.cutAfterChunks) {
        await new Promise<void>((resolve) => res.write('', () => resolve())); // the client gets what was sent so far
        res.destroy(); // then the connection dies mid-reply, as when a proxy or server crashes
        record.endedAt = now();
        return;
      }
      if (rule.malformedAfterChunks !== undefined && index === rule.malformedAfterChunks)
        res.write('data: {"id": "broken", "choices": [{"delta": \n\n');
      res.write(chunk({ content: piece }, null));
      record.chunksSentAt.push(now());
    }
    res.write(chunk({}, finishReason));
    if (usage && record.includeUsage) {
      res.write(
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: record.model, choices: [], usage: toWireUsage(usage) })}\n\n`,
      );
    }
    res.end('data: [DONE]\n\n');
    record.endedAt = now();
  }

  private listModels(res: ServerResponse): void {
    const names = new Set([...this.options.models, ...Object.keys(this.options.modelMetadata)]);
    for (const { rule } of this.rules) if (typeof rule.match?.model === 'string') names.add(rule.match.model);
    const entry = (id: string): Record<string, unknown> => ({
      id,
      object: 'model',
      created: 0,
      owned_by: 'scripted',
      ...this.options.modelMetadata[id],
    });
    sendJson(res, 200, { object: 'list', data: [...names].map(entry) });
  }
}

function toRecordedMessage(raw: unknown): RecordedMessage {
  const m = (raw ?? {}) as { role?: unknown; content?: unknown };
  const content = typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? '');
  return { role: String(m.role ?? ''), content };
}

function outputCap(body: Record<string, unknown>): number | undefined {
  const cap = body.max_completion_tokens ?? body.max_tokens;
  return typeof cap === 'number' && cap >= 0 ? cap : undefined;
}

function computedUsage(
  messages: readonly RecordedMessage[],
  text: string,
): { promptTokens: number; completionTokens: number } {
  const promptChars = messages.reduce((sum, m) => sum + m.content.length, 0);
  return { promptTokens: Math.ceil(promptChars / 4), completionTokens: Math.ceil(text.length / 4) };
}

function toWireUsage(usage: { promptTokens: number; completionTokens: number }): Record<string, number> {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
  };
}

function splitText(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
