import type * as vscode from 'vscode';
import type { LlmClient, RetryNotice } from '../../core/llm/llmClient';
import type { AskRateLimitWait } from '../../core/llm/rateLimitWait';
import { isLlmError } from '../../core/llm/llmErrors';
import type { LlmErrorKind } from '../../core/llm/llmErrors';
import type { ChatErrorAction, ChatModelInfo } from '../../core/protocol/chatProtocol';
import type { RunLimits } from '../../core/engine/runLimits';
import type { SandboxLimits } from '../../core/sandbox/sandboxTypes';

/** The clients one run uses, chosen from the settings (and SecretStorage for the key). */
export interface ModelClients {
  root: LlmClient;
  sub: LlmClient;
  info: ChatModelInfo;
  /** Secrets to scrub from anything shown or written (the API key); empty for vscode-lm. */
  secrets: readonly string[];
  /** Models of this run with no known price (VS Code models, local and custom ones): the cost limit cannot stop them, the token limit does. */
  unpricedModels: readonly string[];
}

export interface ModelClientHooks {
  /** Told before each wait between attempts (a rate limit's countdown in the chat panel). */
  onRetry?: (notice: RetryNotice) => void;
  /** Asked when a rate limit's wait passes rlm.model.maxRateLimitWaitSeconds (the chat panel's Wait / Stop); absent: such a wait fails the call. */
  askRateLimitWait?: AskRateLimitWait;
}

/** No model can be used yet; `action` is the button that fixes it. */
export class ModelNotConfiguredError extends Error {
  constructor(
    message: string,
    readonly action: Extract<ChatErrorAction, 'configureModel' | 'setApiKey' | 'openSettings'>,
  ) {
    super(message);
    this.name = 'ModelNotConfiguredError';
  }
}

/** Chooses the provider (openai-compatible or vscode-lm) from the settings; the chat and @rlm ask it per run. */
export interface ModelProvider {
  /** Clients for one run; throws ModelNotConfiguredError with the action that fixes it. Call on a user action. */
  resolve(hooks?: ModelClientHooks): Promise<ModelClients>;
  /** What the next run would use, for the panel header, without prompting anyone; undefined when nothing is set up. */
  describe(): Promise<ChatModelInfo | undefined>;
  /** Fires when settings or the stored key change what `describe` returns. */
  readonly onDidChange: vscode.Event<void>;
}

/** Run limits and sandbox concurrency from `rlm.limits.*`. */
export interface RunSettings {
  limits: Partial<RunLimits>;
  sandbox: Partial<SandboxLimits>;
}

/** Type guard that also holds across module copies (the integration tests' bundle, other extensions). */
export function isModelNotConfiguredError(value: unknown): value is ModelNotConfiguredError {
  return (
    value instanceof ModelNotConfiguredError ||
    (value instanceof Error &&
      value.name === 'ModelNotConfiguredError' &&
      ['configureModel', 'setApiKey', 'openSettings'].includes((value as { action?: unknown }).action as string))
  );
}

/**
 * The buttons that may fix a failed model call: the error's own `action` when it names one (ModelNotConfiguredError,
 * the VS Code adapters' LlmErrors), else by the core error kind.
 */
export function modelErrorActions(error: unknown): ChatErrorAction[] {
  if (isModelNotConfiguredError(error)) return [error.action];
  if (!isLlmError(error)) return ['retry', 'showLog'];
  const own = (error as { action?: unknown }).action;
  if (typeof own === 'string') return [own as ChatErrorAction];
  const byKind: Record<LlmErrorKind, ChatErrorAction[]> = {
    auth: ['setApiKey', 'configureModel'],
    'bad-request': ['configureModel', 'retry'],
    'context-length': ['retry'],
    unavailable: ['retry', 'configureModel'],
    unreachable: ['configureModel', 'retry'],
    aborted: [],
  };
  return byKind[error.kind] ?? ['retry'];
}
