import * as vscode from 'vscode';
import type { WorkspaceLimits } from '../core/workspace/workspace';
import type { RunSettings } from './llm/modelClients';
import { mergeWorkspaceSettings } from './settingLevels';

/**
 * Settings read from the `rlm.workspace.*` section, for the open folders (`scopes`, so each folder's own
 * .vscode/settings.json counts in a multi-root workspace). A folder may only tighten them: it adds secret and
 * exclude globs to the user's and lowers caps, never removes a glob or raises a cap (see `mergeWorkspaceSettings`).
 */
export function readWorkspaceSettings(scopes: readonly vscode.Uri[] = []): Partial<WorkspaceLimits> {
  const configs = [
    vscode.workspace.getConfiguration('rlm.workspace'),
    ...scopes.map((scope) => vscode.workspace.getConfiguration('rlm.workspace', scope)),
  ];
  return mergeWorkspaceSettings((key) => configs.map((config) => config.inspect<unknown>(key)));
}

/** Globs that are true in `files.exclude` and `search.exclude` for a folder (VS Code's own excludes). */
export function readEditorExcludeGlobs(scope?: vscode.Uri): string[] {
  const globs: string[] = [];
  for (const section of ['files', 'search']) {
    const excludes = vscode.workspace.getConfiguration(section, scope).get<Record<string, unknown>>('exclude') ?? {};
    for (const [glob, enabled] of Object.entries(excludes)) {
      if (enabled === true) globs.push(glob);
    }
  }
  return [...new Set(globs)];
}

/** One `rlm.limits.*` number: where it goes and which values count (others are ignored, the core default applies). */
interface LimitSetting {
  key: string;
  min: number;
  max?: number;
  integer: boolean;
  apply: (settings: RunSettings, value: number) => void;
}

const limitSettings: readonly LimitSetting[] = [
  { key: 'maxDepth', min: 0, max: 5, integer: true, apply: (s, v) => (s.limits.maxDepth = v) },
  { key: 'maxIterations', min: 1, max: 100, integer: true, apply: (s, v) => (s.limits.maxIterations = v) },
  { key: 'maxSubCalls', min: 0, max: 10_000, integer: true, apply: (s, v) => (s.limits.maxSubCalls = v) },
  { key: 'maxTokens', min: 1_000, integer: true, apply: (s, v) => (s.limits.maxTokens = v) },
  { key: 'maxCostUsd', min: 0, integer: false, apply: (s, v) => (s.limits.maxCostUsd = v) },
  { key: 'timeoutSeconds', min: 5, integer: false, apply: (s, v) => (s.limits.timeoutMs = Math.round(v * 1000)) },
  { key: 'concurrency', min: 1, max: 64, integer: true, apply: (s, v) => (s.sandbox.subCallConcurrency = v) },
];

/**
 * Run limits and sub-call concurrency from `rlm.limits.*`; values of the wrong type or out of range are ignored.
 * The user's value (or the default) is the ceiling: a folder's .vscode/settings.json may tighten a limit, never
 * loosen it, so a cloned repository cannot raise what a run may spend.
 */
export function readRunSettings(): RunSettings {
  const config = vscode.workspace.getConfiguration('rlm.limits');
  const settings: RunSettings = { limits: {}, sandbox: {} };
  for (const setting of limitSettings) {
    const inspected = config.inspect<unknown>(setting.key);
    // An unusable user value is ignored like before (the core default applies), never replaced by a folder's.
    const user = usable(setting, inspected?.globalValue ?? inspected?.defaultValue);
    if (user === undefined) continue;
    const folder = [inspected?.workspaceValue, inspected?.workspaceFolderValue]
      .map((value) => usable(setting, value))
      .filter((value) => value !== undefined);
    setting.apply(settings, Math.min(user, ...folder));
  }
  return settings;
}

function usable(setting: LimitSetting, value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < setting.min) return undefined;
  if (setting.max !== undefined && value > setting.max) return undefined;
  if (setting.integer && !Number.isInteger(value)) return undefined;
  return value;
}
