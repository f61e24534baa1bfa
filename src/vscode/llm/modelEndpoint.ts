/**
 * Facts about an OpenAI-compatible base URL that decide where its API key lives and whether it needs one.
 * Pure (no `vscode`), so the rules are unit-tested.
 */

/** Prefix of the SecretStorage entries; one entry per endpoint origin, so a key never goes to another host. */
export const apiKeySecretPrefix = 'rlm.apiKey:';

/** The URL is not an http(s) URL; says what a valid one looks like. */
class InvalidBaseUrlError extends Error {
  constructor(
    readonly baseUrl: string,
    reason: string,
  ) {
    super(
      `"${baseUrl}" is not a usable base URL (${reason}); give an http(s) URL such as https://api.openai.com/v1 or http://localhost:11434/v1.`,
    );
    this.name = 'InvalidBaseUrlError';
  }
}

/** Parses and checks a base URL; throws InvalidBaseUrlError. Trailing slashes are dropped. */
export function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new InvalidBaseUrlError(baseUrl, 'not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new InvalidBaseUrlError(baseUrl, `protocol ${url.protocol} is not http or https`);
  if (url.username || url.password)
    throw new InvalidBaseUrlError(baseUrl, 'credentials in the URL would end up in the settings; use RLM: Set API Key');
  return url;
}

/** The base URL as stored in the settings: trimmed, without trailing slashes. */
export function normalizeBaseUrl(baseUrl: string): string {
  const url = parseBaseUrl(baseUrl);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}${url.search}`;
}

/** Why a text is not a base URL, for an input box's validation; undefined when it is one. */
export function baseUrlProblem(text: string): string | undefined {
  try {
    parseBaseUrl(text);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** `https://api.openai.com` for `https://api.openai.com/v1/`: scheme, host and port, which is what a key is bound to. */
export function endpointOrigin(baseUrl: string): string {
  return parseBaseUrl(baseUrl).origin;
}

/** The SecretStorage entry holding the key for this endpoint's origin. */
export function apiKeySecretName(baseUrl: string): string {
  return `${apiKeySecretPrefix}${endpointOrigin(baseUrl)}`;
}

/** This machine: localhost, 127.0.0.0/8, ::1. */
export function isLocalEndpoint(baseUrl: string): boolean {
  const host = parseBaseUrl(baseUrl).hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host) || host === '[::1]';
}

/**
 * Whether a run may go without a stored key: endpoints on this machine (Ollama, LM Studio) and plain-http servers
 * (self-hosted vLLM on a LAN) usually have none; a remote https endpoint (OpenAI, Azure, OpenRouter) always wants one.
 */
export function endpointNeedsApiKey(baseUrl: string): boolean {
  return parseBaseUrl(baseUrl).protocol === 'https:' && !isLocalEndpoint(baseUrl);
}

/** Azure OpenAI takes the key in an `api-key` header as well as the bearer token. */
export function isAzureOpenAiEndpoint(baseUrl: string): boolean {
  const host = parseBaseUrl(baseUrl).hostname.toLowerCase();
  return ['.openai.azure.com', '.cognitiveservices.azure.com', '.services.ai.azure.com'].some((suffix) =>
    host.endsWith(suffix),
  );
}

/** "api.openai.com" or "127.0.0.1:11434", for labels. */
export function endpointHostLabel(baseUrl: string): string {
  return parseBaseUrl(baseUrl).host;
}

/** The value the OpenAI client sends when no key is stored; local servers ignore it. */
export const placeholderApiKey = 'not-needed';

/** The headers of `rlm.model.extraHeaders` that are strings; anything else is dropped. */
export function stringHeaders(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/** Plain http to another machine: the code, the questions and any key cross the network unencrypted. */
function isPlainHttpRemote(baseUrl: string): boolean {
  return parseBaseUrl(baseUrl).protocol === 'http:' && !isLocalEndpoint(baseUrl);
}

/** The warning for a plain-http endpoint on another machine; undefined for https and for this machine. */
export function plainHttpWarning(baseUrl: string): string | undefined {
  if (!isPlainHttpRemote(baseUrl)) return undefined;
  return (
    `${endpointHostLabel(baseUrl)} is a plain http endpoint on another machine: the code RLM Explorer reads, your questions ` +
    'and any API key cross the network unencrypted. Use https, or a server on this machine, unless you trust every network in between.'
  );
}
