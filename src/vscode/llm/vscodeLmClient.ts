import * as vscode from 'vscode';
import type { ChatMessage, ChatRequest, ChatResponse, LlmClient, TokenUsage } from '../../core/llm/llmClient';
import { LlmAbortedError } from '../../core/llm/llmErrors';
import { resolveModelProfile, type ModelProfile } from '../../core/llm/modelProfile';
import { estimateInputTokens, estimateOutputTokens } from '../../core/llm/tokenEstimate';
import { toLlmError } from './vscodeLmErrors';

/** Marks an exception thrown by the caller's own onDelta, so it is rethrown as is and not taken for a model failure. */
class DeltaConsumerError {
  constructor(readonly inner: unknown) {}
}

/**
 * The language-model API has no system role: system messages go first in the first user message, fenced so the
 * model can tell the instructions from the question.
 */
function toLanguageModelMessages(messages: readonly ChatMessage[]): vscode.LanguageModelChatMessage[] {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content);
  const rest = messages.filter((m) => m.role !== 'system');
  const preamble =
    system.length === 0 ? '' : `<system-instructions>\n${system.join('\n\n')}\n</system-instructions>\n\n`;
  const firstUser = rest.findIndex((m) => m.role === 'user');
  const result = rest.map((m, index) => {
    const content = index === firstUser ? preamble + m.content : m.content;
    return m.role === 'assistant'
      ? vscode.LanguageModelChatMessage.Assistant(content)
      : vscode.LanguageModelChatMessage.User(content);
  });
  if (firstUser === -1 && preamble) result.unshift(vscode.LanguageModelChatMessage.User(preamble.trimEnd()));
  return result;
}

/** An `LlmClient` over a model of VS Code's language-model API (Copilot and others): no key, no price, counted tokens. */
export class VscodeLmClient implements LlmClient {
  constructor(private readonly chatModel: vscode.LanguageModelChat) {}

  get model(): string {
    return this.chatModel.id;
  }

  /** "Copilot · GPT-4o", for the panel header. */
  get label(): string {
    const vendor = this.chatModel.vendor
      ? this.chatModel.vendor.charAt(0).toUpperCase() + this.chatModel.vendor.slice(1)
      : 'VS Code';
    return `${vendor} · ${this.chatModel.name || this.chatModel.id}`;
  }

  /** VS Code states the input limit only; the output cap stays unknown, so replies are sized within that limit. */
  async modelProfile(): Promise<ModelProfile> {
    const maxInput = this.chatModel.maxInputTokens;
    return resolveModelProfile(this.chatModel.id, { endpoint: maxInput > 0 ? { contextWindow: maxInput } : {} });
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    const model = this.chatModel.id;
    if (request.signal?.aborted) throw new LlmAbortedError(model);
    const messages = toLanguageModelMessages(request.messages);
    const cancellation = new vscode.CancellationTokenSource();
    const onAbort = (): void => cancellation.cancel();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await this.chatModel.sendRequest(
        messages,
        { justification: 'RLM Explorer asks the model to explore this workspace and answer your question.' },
        cancellation.token,
      );
      let text = '';
      for await (const chunk of response.text) {
        if (request.signal?.aborted) throw new LlmAbortedError(model);
        text += chunk;
        if (!chunk || !request.onDelta) continue;
        try {
          request.onDelta({ text: chunk, attempt: 1 });
        } catch (error) {
          throw new DeltaConsumerError(error);
        }
      }
      if (request.signal?.aborted) throw new LlmAbortedError(model);
      const usage = await this.usage(request.messages, messages, text, cancellation.token);
      return { text, model, usage, costUsd: undefined, finishReason: 'stop', attempts: 1 };
    } catch (error) {
      if (error instanceof DeltaConsumerError) throw error.inner;
      throw toLlmError(error, model, request.signal);
    } finally {
      request.signal?.removeEventListener('abort', onAbort);
      cancellation.dispose();
    }
  }

  /** The model's own token counts; the local tokenizer when it cannot count. Always estimates: the API reports no usage. */
  private async usage(
    original: readonly ChatMessage[],
    messages: vscode.LanguageModelChatMessage[],
    text: string,
    token: vscode.CancellationToken,
  ): Promise<TokenUsage> {
    try {
      const inputs = await Promise.all(messages.map((message) => this.chatModel.countTokens(message, token)));
      const outputTokens = await this.chatModel.countTokens(text, token);
      return { inputTokens: inputs.reduce((sum, n) => sum + n, 0), outputTokens, estimated: true };
    } catch {
      return { inputTokens: estimateInputTokens(original), outputTokens: estimateOutputTokens(text), estimated: true };
    }
  }
}
