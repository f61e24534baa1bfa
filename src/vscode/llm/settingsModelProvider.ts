import * as vscode from 'vscode';
import { OpenAiCompatibleClient } from '../../core/llm/openAiCompatibleClient';
import { findPrice, type PricingTable } from '../../core/llm/pricing';
import type { ChatModelInfo } from '../../core/protocol/chatProtocol';
import type { ApiKeyStore } from './apiKeyStore';
import { readContextWindowSetting } from './contextWindowSetting';
import { readMaxRateLimitWaitMs } from './rateLimitSetting';
import { KeyedEndpointClient } from './keyedEndpointClient';
import { ModelNotConfiguredError } from './modelClients';
import type { ModelClientHooks, ModelClients, ModelProvider } from './modelClients';
import {
  endpointHostLabel,
  endpointNeedsApiKey,
  endpointOrigin,
  isAzureOpenAiEndpoint,
  normalizeBaseUrl,
  parseBaseUrl,
  placeholderApiKey,
  plainHttpWarning,
} from './modelEndpoint';
import { readModelSettings } from './modelSettings';
import type { ModelSettings } from './modelSettings';
import { VscodeLmClient } from './vscodeLmClient';

/** What the settings select, before any client exists. */
type ModelPlan =
  | {
      kind: 'openai-compatible';
      baseUrl: string;
      model: string;
      subModel: string;
      headers: Record<string, string>;
      apiKey: string | undefined;
      pricing: PricingTable;
    }
  | { kind: 'vscode-lm'; root: vscode.LanguageModelChat; sub: vscode.LanguageModelChat };

/** `vscode.lm` is missing in hosts without the language-model API (older VS Code, some forks). */
export function languageModelApi(): typeof vscode.lm | undefined {
  return (vscode as { lm?: typeof vscode.lm }).lm;
}

const configureHint = 'Run RLM: Configure Model';

/**
 * The model provider the extension uses: `rlm.model.*` settings (where traffic goes only from the user's own
 * settings, see modelSettings.ts), the key from SecretStorage per endpoint origin.
 */
export class SettingsModelProvider implements ModelProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange: vscode.Event<void> = this.changed.event;
  private readonly warned = new vscode.EventEmitter<string>();
  /** A warning for the user when a run starts (a plain-http endpoint on another machine), once per endpoint per session. */
  readonly onDidWarn: vscode.Event<string> = this.warned.event;
  private readonly warnedAbout = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [this.changed, this.warned];

  constructor(private readonly keys: ApiKeyStore) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('rlm.model')) this.changed.fire();
      }),
      keys.onDidChange(() => this.changed.fire()),
    );
    const lm = languageModelApi();
    if (lm?.onDidChangeChatModels) this.subscriptions.push(lm.onDidChangeChatModels(() => this.changed.fire()));
  }

  async resolve(hooks: ModelClientHooks = {}): Promise<ModelClients> {
    const plan = await this.plan(readModelSettings());
    if (plan.kind === 'vscode-lm') {
      const root = new VscodeLmClient(plan.root);
      const sub = plan.sub === plan.root ? root : new VscodeLmClient(plan.sub);
      // VS Code's models report no price: only the token limit can stop a run.
      return {
        root,
        sub,
        info: { provider: 'vscode-lm', label: root.label },
        secrets: [],
        unpricedModels: [...new Set([root.model, sub.model])],
      };
    }
    const insecure = plainHttpWarning(plan.baseUrl);
    if (insecure) this.warnOnce(`http:${endpointOrigin(plan.baseUrl)}`, insecure);
    const keyed = plan.apiKey !== undefined;
    const apiKey = plan.apiKey ?? placeholderApiKey;
    const headers =
      keyed && isAzureOpenAiEndpoint(plan.baseUrl) ? { ...plan.headers, 'api-key': apiKey } : plan.headers;
    const client = (model: string): KeyedEndpointClient =>
      new KeyedEndpointClient(
        new OpenAiCompatibleClient(
          {
            baseUrl: plan.baseUrl,
            apiKey,
            model,
            headers,
            pricing: plan.pricing,
            maxTokensParameter: maxTokensParameterFor(plan.baseUrl),
            contextWindow: readContextWindowSetting(),
            retry: { maxRateLimitWaitMs: readMaxRateLimitWaitMs() },
          },
          { onRetry: hooks.onRetry, askRateLimitWait: hooks.askRateLimitWait },
        ),
        keyed,
      );
    const root = client(plan.model);
    const sub = plan.subModel === plan.model ? root : client(plan.subModel);
    const unpricedModels = [...new Set([plan.model, plan.subModel])].filter(
      (model) => findPrice(model, plan.pricing) === undefined,
    );
    return {
      root,
      sub,
      info: endpointInfo(plan.baseUrl, plan.model),
      secrets: plan.apiKey === undefined ? [] : [plan.apiKey],
      unpricedModels,
    };
  }

  async describe(): Promise<ChatModelInfo | undefined> {
    try {
      const plan = await this.plan(readModelSettings());
      return plan.kind === 'vscode-lm'
        ? { provider: 'vscode-lm', label: new VscodeLmClient(plan.root).label }
        : endpointInfo(plan.baseUrl, plan.model);
    } catch {
      return undefined; // the header only shows what is usable; resolve() says what is wrong when the user asks
    }
  }

  dispose(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
  }

  private warnOnce(id: string, message: string): void {
    if (this.warnedAbout.has(id)) return;
    this.warnedAbout.add(id);
    this.warned.fire(message);
  }

  private async plan(settings: ModelSettings): Promise<ModelPlan> {
    if (settings.pricingProblem)
      throw new ModelNotConfiguredError(
        `${settings.pricingProblem} Fix rlm.model.pricing in your user settings.`,
        'openSettings',
      );
    if (settings.provider === 'openai-compatible') return this.endpointPlan(settings);
    if (settings.provider === 'vscode-lm') return this.languageModelPlan(settings);
    if (settings.baseUrl) return this.endpointPlan(settings);
    const models = (await languageModelApi()?.selectChatModels()) ?? [];
    if (models.length > 0) return this.languageModelPlan(settings, models);
    throw new ModelNotConfiguredError(
      `No model is set up yet. ${configureHint} to choose one: OpenAI, Azure OpenAI, OpenRouter, a local Ollama or LM Studio, ` +
        'or a VS Code language model such as Copilot.',
      'configureModel',
    );
  }

  private async endpointPlan(settings: ModelSettings): Promise<ModelPlan> {
    if (!settings.baseUrl) {
      throw new ModelNotConfiguredError(
        `rlm.model.provider is openai-compatible but rlm.model.baseUrl is empty. ${configureHint} to pick an endpoint.`,
        'configureModel',
      );
    }
    let baseUrl: string;
    try {
      baseUrl = normalizeBaseUrl(settings.baseUrl);
    } catch (error) {
      throw new ModelNotConfiguredError(
        `rlm.model.baseUrl: ${error instanceof Error ? error.message : String(error)} ${configureHint}.`,
        'configureModel',
      );
    }
    const host = endpointHostLabel(baseUrl);
    if (!settings.name) {
      throw new ModelNotConfiguredError(
        `No model is named for ${host}: set rlm.model.name (e.g. gpt-4o-mini, qwen2.5-coder:7b). ${configureHint}.`,
        'configureModel',
      );
    }
    const apiKey = await this.keys.get(baseUrl);
    if (apiKey === undefined && endpointNeedsApiKey(baseUrl)) {
      throw new ModelNotConfiguredError(
        `${host} needs an API key and none is stored for it. Run RLM: Set API Key.`,
        'setApiKey',
      );
    }
    return {
      kind: 'openai-compatible',
      baseUrl,
      model: settings.name,
      subModel: settings.subModel || settings.name,
      headers: settings.extraHeaders,
      apiKey,
      pricing: settings.pricing,
    };
  }

  private async languageModelPlan(settings: ModelSettings, available?: vscode.LanguageModelChat[]): Promise<ModelPlan> {
    const lm = languageModelApi();
    if (!lm) {
      throw new ModelNotConfiguredError(
        `This VS Code has no language-model API, so rlm.model.provider "vscode-lm" cannot work here. ${configureHint} to pick an OpenAI-compatible endpoint.`,
        'configureModel',
      );
    }
    const models = available ?? (await lm.selectChatModels());
    if (models.length === 0) {
      throw new ModelNotConfiguredError(
        'No VS Code language model is available: install and sign in to an extension that provides one (GitHub Copilot Chat, for example), ' +
          `or ${configureHint} to pick an OpenAI-compatible endpoint.`,
        'configureModel',
      );
    }
    const root = pickChatModel(models, settings.name, 'rlm.model.name');
    const sub = settings.subModel ? pickChatModel(models, settings.subModel, 'rlm.model.subModel') : root;
    return { kind: 'vscode-lm', root, sub };
  }
}

/** By id, then family, then display name; the first model when nothing is named. */
function pickChatModel(models: vscode.LanguageModelChat[], wanted: string, setting: string): vscode.LanguageModelChat {
  if (!wanted) return models[0];
  const lower = wanted.toLowerCase();
  const found =
    models.find((m) => m.id === wanted) ??
    models.find((m) => m.family.toLowerCase() === lower) ??
    models.find((m) => m.name.toLowerCase() === lower);
  if (found) return found;
  const names = models
    .map((m) => m.id)
    .slice(0, 10)
    .join(', ');
  throw new ModelNotConfiguredError(
    `No VS Code language model matches ${setting} "${wanted}" (available: ${names}). ${configureHint}.`,
    'configureModel',
  );
}

function endpointInfo(baseUrl: string, model: string): ChatModelInfo {
  return { provider: 'openai-compatible', label: `${model} at ${endpointHostLabel(baseUrl)}` };
}

/** OpenAI's newer models accept only max_completion_tokens (and all its chat models do); local servers know max_tokens. */
function maxTokensParameterFor(baseUrl: string): 'max_tokens' | 'max_completion_tokens' {
  const host = parseBaseUrl(baseUrl).hostname;
  return host === 'api.openai.com' || isAzureOpenAiEndpoint(baseUrl) ? 'max_completion_tokens' : 'max_tokens';
}
