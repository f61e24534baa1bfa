import type { ChatRequest, ChatResponse, LlmClient } from '../../core/llm/llmClient';

/**
 * An LlmClient that forwards to the client of the current turn. A conversation's REPL session outlives one turn,
 * while the model (settings, key) is resolved per turn: the session's engine holds this and each turn swaps the target.
 * It also counts the calls in flight, which the engine reports only when they end.
 */
export class SwitchableClient implements LlmClient {
  private target: LlmClient | undefined;
  private listener: { started(): void; ended(): void } | undefined;

  get model(): string {
    return this.target?.model ?? 'no model';
  }

  use(target: LlmClient, listener?: { started(): void; ended(): void }): void {
    this.target = target;
    this.listener = listener;
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    if (!this.target) throw new Error('No model is set for this conversation turn.');
    const listener = this.listener;
    listener?.started();
    try {
      return await this.target.complete(request);
    } finally {
      listener?.ended();
    }
  }
}
