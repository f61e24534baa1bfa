import { LlmError } from '../../core/llm/llmErrors';
import type { ChatErrorAction } from '../../core/protocol/chatProtocol';

/** The endpoint refused the key (HTTP 401/403): in VS Code the fix is RLM: Set API Key, not an environment variable. */
export class ApiKeyRejectedError extends LlmError {
  readonly kind = 'auth';
  readonly action: ChatErrorAction = 'setApiKey';

  constructor(model: string, status: number | undefined, host: string, hadKey: boolean, cause?: unknown) {
    const http = status === undefined ? '' : ` (HTTP ${status})`;
    super(
      hadKey
        ? `${host} refused the stored API key for model "${model}"${http}. ` +
            'Set the right key with RLM: Set API Key, and check that it has access to this model.'
        : `${host} wants an API key for model "${model}"${http} and none is stored for it. Run RLM: Set API Key.`,
      model,
      status,
      { cause },
    );
  }
}
