/**
 * How settings that protect the user combine across levels: the user's value (or the default) stands, and a
 * folder's .vscode/settings.json may only tighten it, so a cloned repository cannot weaken the user's protections.
 * Pure (no `vscode`), so the rules are unit-tested.
 */
import { defaultWorkspaceLimits } from '../core/workspace/limits';
import type { WorkspaceLimits } from '../core/workspace/workspace';

/** A setting's values by level, as `WorkspaceConfiguration.inspect` gives them. */
export interface SettingLevels {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/** The user (global) value, else the default: workspace and folder values are not read. */
export function userValue(levels: SettingLevels | undefined): unknown {
  return levels?.globalValue ?? levels?.defaultValue;
}

/** Glob lists a folder may add to, never shorten: its globs are appended to the user's. */
const globSettings = ['secretFileGlobs', 'excludeGlobs'] as const;
/** Caps a folder may lower, never raise. */
const capSettings = ['maxListedFiles', 'maxFileBytes', 'maxReadLines'] as const;

/**
 * The `rlm.workspace.*` settings from their levels: `levels(key)` gives the inspections of one setting, unscoped
 * first, then one per workspace folder. The user's secret and exclude globs (or the defaults) hold and folders'
 * globs are added to them; each cap is the lowest of the user's (or the default) and the folders' values. Values
 * of the wrong type are ignored (a cap must be a number of at least 1).
 */
export function mergeWorkspaceSettings(
  levels: (key: string) => readonly (SettingLevels | undefined)[],
): Partial<WorkspaceLimits> {
  const settings: Partial<WorkspaceLimits> = {};
  for (const key of globSettings) {
    const [unscoped] = levels(key);
    const user = globList(unscoped?.globalValue) ?? globList(unscoped?.defaultValue) ?? defaultWorkspaceLimits[key];
    const added = folderValues(levels(key)).flatMap((value) => globList(value) ?? []);
    settings[key] = [...new Set([...user, ...added])];
  }
  for (const key of capSettings) {
    const [unscoped] = levels(key);
    const user = cap(unscoped?.globalValue) ?? cap(unscoped?.defaultValue) ?? defaultWorkspaceLimits[key];
    const lower = folderValues(levels(key)).flatMap((value) => cap(value) ?? []);
    settings[key] = Math.min(user, ...lower);
  }
  return settings;
}

/** The workspace and folder values of every inspection. */
function folderValues(levels: readonly (SettingLevels | undefined)[]): unknown[] {
  return levels.flatMap((level) => [level?.workspaceValue, level?.workspaceFolderValue]);
}

function globList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((glob): glob is string => typeof glob === 'string') : undefined;
}

function cap(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? value : undefined;
}
