/**
 * Model calls sized to the model's context window, and one smaller retry when the endpoint still says the prompt
 * is too long: a context-length error is not a dead end.
 */
import type { ChatRequest, ChatResponse, LlmClient } from '../llm/llmClient';
import { isLlmError, type LlmContextLengthError } from '../llm/llmErrors';
import { abortable } from '../abortable';
import { resolveModelProfile, type ModelProfile } from '../llm/modelProfile';
import { estimateMessagesTokens, fitToWindow, overflowTarget } from './contextBudget';

/** Each client's profile, asked once per engine, narrowed by what overflow errors taught about the real window. */
export class ModelWindows {
  private readonly profiles = new WeakMap<LlmClient, Promise<ModelProfile>>();
  private readonly learned = new Map<string, number>();

  /**
   * The client's window, looked up once per client. `signal` stops the wait (the endpoint's `/models` can take
   * seconds): the lookup itself goes on and is cached for the next run.
   */
  async of(client: LlmClient, signal?: AbortSignal): Promise<ModelProfile> {
    let profile = this.profiles.get(client);
    if (!profile) {
      const fallback = resolveModelProfile(client.model);
      profile = client.modelProfile ? client.modelProfile().catch(() => fallback) : Promise.resolve(fallback);
      this.profiles.set(client, profile);
    }
    const known = signal ? await abortable(profile, signal) : await profile;
    const learned = this.learned.get(known.model);
    return learned !== undefined && learned < known.contextWindow
      ? { ...known, contextWindow: learned, source: 'learned' }
      : known;
  }

  /** The endpoint stated the window in an error: later calls are sized to it. */
  learn(model: string, contextWindow: number): void {
    this.learned.set(model, Math.min(contextWindow, this.learned.get(model) ?? Number.MAX_SAFE_INTEGER));
  }
}

export interface WindowedReply {
  response: ChatResponse;
  /** What was done to fit (summaries, cuts, the retry), for the run tree; undefined when the prompt went as written. */
  contextNote?: string;
}

export interface WindowedOptions {
  /** False: an overflow error is thrown to the caller (llmMap splits its chunk instead of losing lines). Default true. */
  retryOnOverflow?: boolean;
}

/** Fits `request.messages` to the client's window, sends it, and on a context-length error sends a smaller one once. */
export async function completeWithinWindow(
  client: LlmClient,
  request: ChatRequest & { maxTokens: number },
  windows: ModelWindows,
  options: WindowedOptions = {},
): Promise<WindowedReply> {
  const profile = await windows.of(client);
  const fitted = fitToWindow(request.messages, profile, request.maxTokens);
  try {
    const response = await client.complete({ ...request, messages: fitted.messages, maxTokens: fitted.maxTokens });
    return { response, ...(fitted.note ? { contextNote: fitted.note } : {}) };
  } catch (error) {
    if (!isContextLengthError(error)) throw error;
    if (error.contextWindow) windows.learn(request.model ?? client.model, error.contextWindow);
    if (options.retryOnOverflow === false) throw error;
    const sent = estimateMessagesTokens(fitted.messages);
    const target = overflowTarget(sent, profile, request.maxTokens, error);
    if (target === undefined) throw error;
    const smaller = fitToWindow(
      request.messages,
      error.contextWindow ? { ...profile, contextWindow: error.contextWindow } : profile,
      request.maxTokens,
      target,
    );
    const response = await client.complete({ ...request, messages: smaller.messages, maxTokens: smaller.maxTokens });
    const said = error.contextWindow ? `a ${error.contextWindow}-token window` : 'the prompt was too long';
    return {
      response,
      contextNote:
        `The endpoint refused ~${sent} prompt tokens (${said}); sent again once, smaller. ${smaller.note ?? ''}`.trim(),
    };
  }
}

function isContextLengthError(error: unknown): error is LlmContextLengthError {
  return isLlmError(error) && error.kind === 'context-length';
}
