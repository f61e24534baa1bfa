import * as vscode from 'vscode';
import type { ApiKeyStore } from './apiKeyStore';
import { listEndpointModels, type EndpointListing } from './listEndpointModels';
import {
  baseUrlProblem,
  endpointHostLabel,
  endpointNeedsApiKey,
  normalizeBaseUrl,
  placeholderApiKey,
  plainHttpWarning,
} from './modelEndpoint';
import { endpointPresets } from './modelPresets';
import { redactSecrets } from '../../core/llm/redactSecrets';
import type { EndpointPreset } from './modelPresets';
import { isModelProviderSetting, readModelSettings } from './modelSettings';
import type { ModelProviderSetting } from './modelSettings';
import { languageModelApi } from './settingsModelProvider';

/** The programmatic form: `executeCommand('rlm.configureModel', { provider, baseUrl, model, subModel })` writes them without UI. */
interface ConfigureModelArgs {
  provider?: ModelProviderSetting;
  baseUrl?: string;
  model?: string;
  subModel?: string;
}

/** Checks the argument of the programmatic form; throws a TypeError naming the bad field. */
function parseConfigureModelArgs(value: unknown): ConfigureModelArgs {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError('rlm.configureModel takes { provider?, baseUrl?, model?, subModel? }.');
  const { provider, baseUrl, model, subModel } = value as Record<string, unknown>;
  if (provider !== undefined && !isModelProviderSetting(provider))
    throw new TypeError('provider must be "auto", "openai-compatible" or "vscode-lm".');
  for (const [name, field] of Object.entries({ baseUrl, model, subModel })) {
    if (field !== undefined && typeof field !== 'string') throw new TypeError(`${name} must be a string.`);
  }
  const problem = typeof baseUrl === 'string' && baseUrl.trim() !== '' ? baseUrlProblem(baseUrl) : undefined;
  if (problem) throw new TypeError(problem);
  return {
    provider,
    baseUrl: baseUrl as string | undefined,
    model: model as string | undefined,
    subModel: subModel as string | undefined,
  };
}

/**
 * Writes the given fields to the user (global) settings, the only ones the model settings are read from; an empty
 * string removes the setting (back to its default). A plain-http endpoint on another machine is warned about.
 */
async function writeModelSettings(args: ConfigureModelArgs, log?: vscode.LogOutputChannel): Promise<void> {
  const config = vscode.workspace.getConfiguration('rlm.model');
  const insecure = args.baseUrl && args.baseUrl.trim() !== '' ? plainHttpWarning(args.baseUrl) : undefined;
  if (insecure) {
    log?.warn(insecure);
    void vscode.window.showWarningMessage(`RLM: ${insecure}`);
  }
  const write = (key: string, value: string | undefined): Thenable<void> | undefined =>
    value === undefined
      ? undefined
      : config.update(key, value.trim() === '' ? undefined : value.trim(), vscode.ConfigurationTarget.Global);
  await write('provider', args.provider);
  await write(
    'baseUrl',
    args.baseUrl === undefined || args.baseUrl.trim() === '' ? args.baseUrl : normalizeBaseUrl(args.baseUrl),
  );
  await write('name', args.model);
  await write('subModel', args.subModel);
}

interface ProviderItem extends vscode.QuickPickItem {
  preset?: EndpointPreset;
}

/**
 * `rlm.configureModel`: presets, then the model (listed by the endpoint when it can), then the key if one is missing.
 * The programmatic form checks a given URL too, warns when it does not answer, and returns what the check found.
 */
export async function configureModelCommand(
  keys: ApiKeyStore,
  log: vscode.LogOutputChannel,
  args?: unknown,
): Promise<EndpointListing | undefined> {
  if (args !== undefined) {
    const parsed = parseConfigureModelArgs(args);
    await writeModelSettings(parsed, log);
    if (parsed.baseUrl === undefined || parsed.baseUrl.trim() === '') return undefined;
    const baseUrl = normalizeBaseUrl(parsed.baseUrl);
    const key = await keys.get(baseUrl);
    const listed = await listEndpointModels(baseUrl, key ?? placeholderApiKey, readModelSettings().extraHeaders);
    if (!listed.answered) {
      const warning = `${baseUrl} did not answer when asked for its models (${listed.problem ?? 'no answer'}). Questions will fail until a model server runs there; run "RLM: Configure Model" to change the URL.`;
      log.warn(redactSecrets(warning, key === undefined ? [] : [key]));
      void vscode.window
        .showWarningMessage(`RLM: ${redactSecrets(warning, key === undefined ? [] : [key])}`, 'Configure Model')
        .then((choice) => {
          if (choice) void vscode.commands.executeCommand('rlm.configureModel');
        });
    }
    return {
      ...listed,
      ...(listed.problem ? { problem: redactSecrets(listed.problem, key === undefined ? [] : [key]) } : {}),
    };
  }
  const items: ProviderItem[] = endpointPresets.map((preset) => ({
    label: preset.label,
    detail: preset.detail,
    preset,
  }));
  if (languageModelApi())
    items.push({
      label: 'VS Code language models (Copilot and others)',
      detail: 'Models other extensions provide · no API key',
    });
  const picked = await vscode.window.showQuickPick(items, {
    title: 'RLM: Configure Model',
    placeHolder: 'Where should RLM Explorer send its model calls?',
  });
  if (!picked) return;
  if (picked.preset) await configureEndpoint(picked.preset, keys, log);
  else await configureLanguageModel(log);
  return undefined;
}

async function configureEndpoint(
  preset: EndpointPreset,
  keys: ApiKeyStore,
  log: vscode.LogOutputChannel,
): Promise<void> {
  const current = readModelSettings();
  let suggestedUrl = preset.id === 'custom' ? current.baseUrl : undefined;
  let entered = preset.baseUrl;
  // Until the endpoint answers, or the person keeps a URL that did not (its server may start later).
  for (;;) {
    entered ??= await vscode.window.showInputBox({
      title: `RLM: ${preset.label}`,
      prompt: preset.askUrl?.prompt,
      placeHolder: preset.askUrl?.placeholder,
      value: suggestedUrl,
      ignoreFocusOut: true,
      validateInput: (value) =>
        baseUrlProblem(value) ??
        (preset.id === 'azure' && !value.trim().startsWith('https://') ? 'Azure endpoints use https://' : undefined),
    });
    if (entered === undefined) return;
    const baseUrl = normalizeBaseUrl(entered);
    const host = endpointHostLabel(baseUrl);
    const key = await keys.get(baseUrl);
    const listed = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `RLM: asking ${host} for its models` },
      () => listEndpointModels(baseUrl, key ?? placeholderApiKey, current.extraHeaders),
    );
    if (!listed.answered) {
      const choice = await askKeepUnansweredUrl(baseUrl, listed.problem ?? 'no answer');
      if (choice === undefined) return;
      if (choice === 'reenter') {
        suggestedUrl = baseUrl;
        entered = undefined;
        continue;
      }
    }
    await chooseEndpointModel(preset, baseUrl, host, key, listed, current, keys, log);
    return;
  }
}

const keepUrl = 'Keep this URL';
const reenterUrl = 'Re-enter the URL';

/** Nothing answered at the URL: says what was tried and why it failed, and lets the person keep it or type another. */
async function askKeepUnansweredUrl(baseUrl: string, problem: string): Promise<'keep' | 'reenter' | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: keepUrl, detail: 'The model server may start later; questions fail until it answers.' },
      { label: reenterUrl, detail: 'Type the URL again (it usually ends in /v1).' },
    ],
    {
      title: `RLM: ${baseUrl} did not answer`,
      placeHolder: `Asked ${baseUrl}/models: ${problem}. Keep this URL or re-enter it?`,
      ignoreFocusOut: true,
    },
  );
  if (!picked) return undefined;
  return picked.label === keepUrl ? 'keep' : 'reenter';
}

async function chooseEndpointModel(
  preset: EndpointPreset,
  baseUrl: string,
  host: string,
  key: string | undefined,
  listed: EndpointListing,
  current: ReturnType<typeof readModelSettings>,
  keys: ApiKeyStore,
  log: vscode.LogOutputChannel,
): Promise<void> {
  // An endpoint may echo the key it refused: the log never gets it.
  if (listed.problem)
    log.info(`could not list the models of ${host}: ${redactSecrets(listed.problem, key === undefined ? [] : [key])}`);
  const sameEndpoint =
    current.baseUrl !== '' && !baseUrlProblem(current.baseUrl) && normalizeBaseUrl(current.baseUrl) === baseUrl;
  const model = await pickEndpointModel(
    listed.models,
    sameEndpoint && current.name ? current.name : preset.suggestedModel,
    host,
  );
  if (model === undefined) return;
  await writeModelSettings(
    { provider: 'openai-compatible', baseUrl, model, subModel: sameEndpoint ? undefined : '' },
    log,
  );
  log.info(`model set: ${model} at ${host}`);
  if (endpointNeedsApiKey(baseUrl) && key === undefined) {
    const choice = await vscode.window.showInformationMessage(
      `RLM: ${model} at ${host} is set; ${host} needs an API key.`,
      'Set API Key',
    );
    if (choice) await vscode.commands.executeCommand('rlm.setApiKey');
  } else {
    const unanswered = listed.answered ? '' : ` (it did not answer when checked: ${listed.problem ?? 'no answer'})`;
    void vscode.window.showInformationMessage(
      `RLM: questions go to ${model} at ${host}${unanswered}. rlm.model.subModel can name a cheaper model for sub-calls.`,
    );
  }
}

/** A quick pick of the listed models (with a way to type another), or an input box when the endpoint listed none. */
async function pickEndpointModel(
  models: string[],
  suggested: string | undefined,
  host: string,
): Promise<string | undefined> {
  const typeAnother = 'Enter another model name…';
  if (models.length > 0) {
    const items: vscode.QuickPickItem[] = [
      // The current (or suggested) model first, so Enter keeps it.
      ...[...models].sort((a, b) => Number(b === suggested) - Number(a === suggested)).map((id) => ({ label: id })),
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      { label: typeAnother },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: `RLM: model at ${host}`,
      placeHolder: 'The root model, which writes the exploration code',
    });
    if (!picked) return undefined;
    if (picked.label !== typeAnother) return picked.label;
  }
  const typed = await vscode.window.showInputBox({
    title: `RLM: model at ${host}`,
    prompt: 'The model name as the endpoint knows it (the root model, which writes the exploration code)',
    value: suggested,
    ignoreFocusOut: true,
    validateInput: (value) =>
      value.trim() === '' ? 'Enter a model name, e.g. gpt-4o-mini or qwen2.5-coder:7b.' : undefined,
  });
  return typed?.trim();
}

async function configureLanguageModel(log: vscode.LogOutputChannel): Promise<void> {
  const models = (await languageModelApi()?.selectChatModels()) ?? [];
  if (models.length === 0) {
    void vscode.window.showWarningMessage(
      'RLM: no VS Code language model is available. Install and sign in to an extension that provides one (GitHub Copilot Chat, for example), or pick an OpenAI-compatible endpoint.',
    );
    return;
  }
  const firstAvailable = 'First available model';
  const picked = await vscode.window.showQuickPick(
    [
      { label: firstAvailable, detail: 'Whichever model VS Code lists first' },
      ...models.map((m) => ({ label: m.id, description: `${m.vendor} · ${m.name}`, detail: `family ${m.family}` })),
    ],
    { title: 'RLM: VS Code language model', placeHolder: 'The root model, which writes the exploration code' },
  );
  if (!picked) return;
  const name = picked.label === firstAvailable ? '' : picked.label;
  await writeModelSettings({ provider: 'vscode-lm', model: name, subModel: '' });
  log.info(`model set: VS Code language model ${name || '(first available)'}`);
}
