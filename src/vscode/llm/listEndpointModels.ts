import OpenAI from 'openai';

/** Model ids an OpenAI-compatible endpoint lists (GET /models), sorted; empty when it cannot say within the timeout. */
export async function listEndpointModels(
  baseUrl: string,
  apiKey: string,
  headers: Readonly<Record<string, string>>,
  timeoutMs = 5_000,
): Promise<{ models: string[]; problem?: string }> {
  const client = new OpenAI({ baseURL: baseUrl, apiKey, defaultHeaders: { ...headers }, maxRetries: 0, timeout: timeoutMs, logLevel: 'off' });
  const ids = new Set<string>();
  try {
    for await (const model of client.models.list({ signal: AbortSignal.timeout(timeoutMs) })) {
      if (typeof model.id === 'string' && model.id) ids.add(model.id);
      if (ids.size >= 1_000) break; // OpenRouter lists hundreds; more would not fit a quick pick anyway
    }
  } catch (error) {
    return { models: [], problem: error instanceof Error ? error.message : String(error) };
  }
  return { models: [...ids].sort((a, b) => a.localeCompare(b)) };
}
