/**
 * The endpoints `RLM: Configure Model` offers. Pure data (no `vscode`).
 */

export interface EndpointPreset {
  id: 'openai' | 'azure' | 'openrouter' | 'ollama' | 'lmstudio' | 'custom';
  label: string;
  detail: string;
  /** Fixed base URL; undefined: asked for (Azure's resource URL, a custom server). */
  baseUrl?: string;
  /** The input box's prompt and example when the URL is asked for. */
  askUrl?: { prompt: string; placeholder: string };
  /** A model name to suggest when the endpoint cannot list its models. */
  suggestedModel?: string;
}

export const endpointPresets: readonly EndpointPreset[] = [
  {
    id: 'openai',
    label: 'OpenAI',
    detail: 'https://api.openai.com/v1 · needs an API key',
    baseUrl: 'https://api.openai.com/v1',
    suggestedModel: 'gpt-4o-mini',
  },
  {
    id: 'azure',
    label: 'Azure OpenAI',
    detail: "Your resource's endpoint · needs an API key",
    askUrl: {
      prompt: "Your Azure OpenAI resource's v1 endpoint",
      placeholder: 'https://NAME.openai.azure.com/openai/v1',
    },
  },
  {
    id: 'openrouter',
    label: 'OpenRouter',
    detail: 'https://openrouter.ai/api/v1 · needs an API key',
    baseUrl: 'https://openrouter.ai/api/v1',
    suggestedModel: 'openai/gpt-4o-mini',
  },
  {
    id: 'ollama',
    label: 'Ollama',
    detail: 'http://localhost:11434/v1 · local, no key',
    baseUrl: 'http://localhost:11434/v1',
    suggestedModel: 'qwen2.5-coder:7b',
  },
  {
    id: 'lmstudio',
    label: 'LM Studio',
    detail: 'http://localhost:1234/v1 · local, no key',
    baseUrl: 'http://localhost:1234/v1',
  },
  {
    id: 'custom',
    label: 'Custom OpenAI-compatible endpoint',
    detail: 'vLLM, LiteLLM, a proxy... · any base URL',
    askUrl: {
      prompt: 'Base URL of the OpenAI-compatible endpoint (usually ends in /v1)',
      placeholder: 'http://localhost:8000/v1',
    },
  },
];
