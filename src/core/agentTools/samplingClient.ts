/**
 * An LlmClient whose calls go to the caller's own model: MCP sampling (`sampling/createMessage`), where the client
 * (Claude Code, VS Code...) answers with the model it already uses, so the server needs no endpoint and no key.
 * Host-neutral: the MCP server passes a function that sends the request over its connection.
 */
import type { ChatRequest, ChatResponse, LlmClient } from '../llm/llmClient';
import { LlmAbortedError, LlmError } from '../llm/llmErrors';
import { resolveModelProfile, type ModelProfile } from '../llm/modelProfile';
import { estimateInputTokens, estimateOutputTokens } from '../llm/tokenEstimate';

/** A sampling request as MCP's `sampling/createMessage` takes it (text only). */
interface SamplingRequest {
  systemPrompt?: string;
  messages: { role: 'user' | 'assistant'; content: { type: 'text'; text: string } }[];
  maxTokens: number;
  temperature?: number;
  /** The model the server would like; the client may pick another. */
  modelPreferences?: { hints?: { name: string }[] };
  includeContext: 'none';
}

interface SamplingReply {
  model: string;
  stopReason?: string;
  /** Text, or content blocks of which the text ones are kept. */
  content: unknown;
}

export type SampleFn = (request: SamplingRequest, signal: AbortSignal | undefined) => Promise<SamplingReply>;

/** The client declined the sampling request (its user said no, or it has no model): retrying cannot help. */
class SamplingRefusedError extends LlmError {
  readonly kind = 'bad-request';
  constructor(model: string, detail: string) {
    super(
      `The MCP client refused the model call that rlm_explore sent it through sampling (${detail}). Allow sampling ` +
        'requests from the rlm server in your client, or give the server its own endpoint (RLM_BASE_URL and RLM_MODEL in ' +
        'its env; see rlm help mcp).',
      model,
      undefined,
    );
  }
}

/** Output tokens asked for when the engine does not say. */
const defaultMaxTokens = 4_096;

export interface SamplingClientOptions {
  /** The model name sent as a preference hint and used for the context window table; "client-model" when none. */
  model?: string;
  /** The window to plan prompts for; default: the table entry of `model`, else the conservative default. */
  contextWindow?: number;
}

export class SamplingClient implements LlmClient {
  readonly model: string;

  constructor(
    private readonly sample: SampleFn,
    private readonly options: SamplingClientOptions = {},
  ) {
    this.model = options.model ?? 'client-model';
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    const model = request.model ?? this.model;
    if (request.signal?.aborted) throw new LlmAbortedError(model);
    const system = request.messages
      .filter((m) => m.role === 'system')
      .map((m) => m.content)
      .join('\n\n');
    const params: SamplingRequest = {
      ...(system ? { systemPrompt: system } : {}),
      messages: request.messages
        .filter((m) => m.role !== 'system')
        .map((m) => ({ role: m.role as 'user' | 'assistant', content: { type: 'text', text: m.content } })),
      maxTokens: request.maxTokens ?? defaultMaxTokens,
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(this.options.model ? { modelPreferences: { hints: [{ name: this.options.model }] } } : {}),
      includeContext: 'none',
    };
    let reply: SamplingReply;
    try {
      reply = await this.sample(params, request.signal);
    } catch (error) {
      if (request.signal?.aborted) throw new LlmAbortedError(model);
      throw new SamplingRefusedError(model, error instanceof Error ? error.message : String(error));
    }
    const text = replyText(reply.content);
    request.onDelta?.({ text, attempt: 1 });
    return {
      text,
      model: reply.model || model,
      // Sampling reports no usage: counted locally and marked as estimates; the caller's model has no price here.
      usage: {
        inputTokens: estimateInputTokens(request.messages),
        outputTokens: estimateOutputTokens(text),
        estimated: true,
      },
      costUsd: undefined,
      finishReason:
        reply.stopReason === 'maxTokens' ? 'length' : reply.stopReason === 'endTurn' ? 'stop' : reply.stopReason,
      attempts: 1,
    };
  }

  modelProfile(): Promise<ModelProfile> {
    const { contextWindow } = this.options;
    return Promise.resolve(resolveModelProfile(this.model, contextWindow ? { setting: { contextWindow } } : {}));
  }
}

function replyText(content: unknown): string {
  const blocks = Array.isArray(content) ? content : [content];
  return blocks
    .filter(
      (block): block is { type: 'text'; text: string } =>
        typeof block === 'object' &&
        block !== null &&
        (block as { type?: unknown }).type === 'text' &&
        typeof (block as { text?: unknown }).text === 'string',
    )
    .map((block) => block.text)
    .join('');
}
