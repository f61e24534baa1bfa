import OpenAI from 'openai';
import { unreachableReason } from '../../core/llm/classifyFailure';

/** What an endpoint said when asked for its models: the ids, whether anything answered over HTTP, and why not. */
export interface EndpointListing {
  models: string[];
  /** Something answered over HTTP, even if only with an error (Azure and some proxies list nothing: 404). */
  answered: boolean;
  /** Why the listing failed, in a person's words; absent when it worked. */
  problem?: string;
}

/** Model ids an OpenAI-compatible endpoint lists (GET /models), sorted; empty when it cannot say within the timeout. */
export async function listEndpointModels(
  baseUrl: string,
  apiKey: string,
  headers: Readonly<Record<string, string>>,
  timeoutMs = 5_000,
): Promise<EndpointListing> {
  const client = new OpenAI({
    baseURL: baseUrl,
    apiKey,
    defaultHeaders: { ...headers },
    maxRetries: 0,
    timeout: timeoutMs,
    logLevel: 'off',
  });
  const ids = new Set<string>();
  try {
    for await (const model of client.models.list({ signal: AbortSignal.timeout(timeoutMs) })) {
      if (typeof model.id === 'string' && model.id) ids.add(model.id);
      if (ids.size >= 1_000) break; // OpenRouter lists hundreds; more would not fit a quick pick anyway
    }
  } catch (error) {
    return { models: [], ...describeListingFailure(error, timeoutMs) };
  }
  return { models: [...ids].sort((a, b) => a.localeCompare(b)), answered: true };
}

function describeListingFailure(error: unknown, timeoutMs: number): { answered: boolean; problem: string } {
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    return {
      answered: true,
      problem: `it answered HTTP ${error.status} to GET /models: ${error.message.slice(0, 200)}`,
    };
  }
  const unreachable = unreachableReason(error);
  if (unreachable) return { answered: false, problem: unreachable };
  const timedOut =
    error instanceof OpenAI.APIConnectionTimeoutError ||
    (error instanceof Error &&
      (error.name === 'TimeoutError' || error.name === 'AbortError' || /timed? ?out/i.test(error.message)));
  if (timedOut) return { answered: false, problem: `no answer within ${Math.round(timeoutMs / 1000)} s` };
  const message = error instanceof Error ? error.message : String(error);
  return { answered: false, problem: message.slice(0, 200) };
}
