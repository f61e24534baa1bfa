import { secretRedactor as redactSecrets } from '../../core/llm/redactSecrets';

/**
 * Where `rlm ask` sends its model calls: flags first, then RLM_* variables, then the OPENAI_* ones.
 */
export interface AskEndpoint {
  baseUrl: string;
  /** Never printed or logged; local servers accept the placeholder. */
  apiKey: string;
  model: string;
  subModel: string;
}

export interface AskEndpointFlags {
  baseUrl?: string;
  model?: string;
  subModel?: string;
}

const openAiUrl = 'https://api.openai.com/v1';

/** No base URL or no model could be found: says how to configure one. Exit code 3. */
export class MissingEndpointError extends Error {
  readonly exitCode = 3;
  constructor(readonly missing: 'endpoint' | 'model') {
    super(missing === 'endpoint' ? missingEndpointHelp : missingModelHelp);
    this.name = 'MissingEndpointError';
  }
}

const missingEndpointHelp = [
  'no model endpoint is configured. rlm ask talks to any OpenAI-compatible server; tell it which one:',
  '',
  '  Ollama:     export RLM_BASE_URL=http://localhost:11434/v1 RLM_MODEL=qwen2.5-coder:7b',
  '  LM Studio:  export RLM_BASE_URL=http://localhost:1234/v1 RLM_MODEL=<the loaded model>',
  '  OpenAI:     export RLM_API_KEY=sk-... RLM_MODEL=gpt-5-mini   (base URL defaults to https://api.openai.com/v1 when a key is set)',
  '',
  'or pass --base-url URL --model M. RLM_SUB_MODEL (or --sub-model) picks a cheaper model for llm() sub-calls.',
  'OPENAI_BASE_URL and OPENAI_API_KEY are read when the RLM_ variables are not set. See rlm help ask.',
].join('\n');

const missingModelHelp = [
  'no model is named. Set RLM_MODEL (e.g. export RLM_MODEL=gpt-5-mini, or the name of a model your local server',
  'has loaded: "ollama list" shows Ollama\'s) or pass --model M. See rlm help ask.',
].join('\n');

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function resolveAskEndpoint(
  flags: AskEndpointFlags,
  env: Readonly<Record<string, string | undefined>>,
): AskEndpoint {
  const apiKey = nonEmpty(env.RLM_API_KEY) ?? nonEmpty(env.OPENAI_API_KEY);
  const baseUrl =
    nonEmpty(flags.baseUrl) ??
    nonEmpty(env.RLM_BASE_URL) ??
    nonEmpty(env.OPENAI_BASE_URL) ??
    (apiKey ? openAiUrl : undefined);
  if (!baseUrl) throw new MissingEndpointError('endpoint');
  const model = nonEmpty(flags.model) ?? nonEmpty(env.RLM_MODEL);
  if (!model) throw new MissingEndpointError('model');
  const subModel = nonEmpty(flags.subModel) ?? nonEmpty(env.RLM_SUB_MODEL) ?? model;
  return { baseUrl: baseUrl.replace(/\/+$/, ''), apiKey: apiKey ?? 'not-needed', model, subModel };
}

/**
 * Replaces the secret (raw or JSON-escaped) with "***", also a cut-off prefix of it of 8 or more characters (an echoed
 * key in a truncated error); keys shorter than 8 characters are placeholders.
 */
export function secretRedactor(secret: string): (text: string) => string {
  if (secret.length < 8 || secret === 'not-needed') return (text) => text;
  return redactSecrets([secret]);
}
