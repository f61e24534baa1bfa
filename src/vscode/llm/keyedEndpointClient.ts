import type { ChatRequest, ChatResponse, LlmClient } from '../../core/llm/llmClient';
import { isLlmError } from '../../core/llm/llmErrors';
import type { ModelProfile } from '../../core/llm/modelProfile';
import type { OpenAiCompatibleClient } from '../../core/llm/openAiCompatibleClient';
import { ApiKeyRejectedError } from './apiKeyRejectedError';
import { endpointHostLabel } from './modelEndpoint';

/** The core client for an endpoint, with refusals of the key told in VS Code's terms (the Set API Key command). */
export class KeyedEndpointClient implements LlmClient {
  constructor(
    private readonly inner: OpenAiCompatibleClient,
    private readonly hasStoredKey: boolean,
  ) {}

  get model(): string {
    return this.inner.model;
  }

  modelProfile(): Promise<ModelProfile> {
    return this.inner.modelProfile();
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    try {
      return await this.inner.complete(request);
    } catch (error) {
      if (isLlmError(error) && error.kind === 'auth') {
        const model = request.model ?? this.inner.model;
        throw new ApiKeyRejectedError(
          model,
          error.status,
          endpointHostLabel(this.inner.config.baseUrl),
          this.hasStoredKey,
          error,
        );
      }
      throw error;
    }
  }
}
