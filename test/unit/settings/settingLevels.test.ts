import { describe, expect, it } from 'vitest';
import { defaultSecretFileGlobs } from '../../../src/core/workspace/limits';
import { mergeWorkspaceSettings, userValue } from '../../../src/vscode/settingLevels';
import type { SettingLevels } from '../../../src/vscode/settingLevels';

/** The manifest's defaults, as `inspect` reports them at the default level. */
const declaredDefaults: Record<string, unknown> = {
  secretFileGlobs: [...defaultSecretFileGlobs],
  excludeGlobs: [],
  maxListedFiles: 2000,
  maxFileBytes: 1_048_576,
  maxReadLines: 400,
};

/** Inspections per key: the unscoped one (user and workspace values), then one per folder (its own values). */
function levels(
  user: Record<string, unknown>,
  ...folders: Record<string, unknown>[]
): (key: string) => SettingLevels[] {
  return (key) => [
    { defaultValue: declaredDefaults[key], globalValue: user[key], workspaceValue: folders[0]?.[key] },
    ...folders.map((folder) => ({ defaultValue: declaredDefaults[key], workspaceFolderValue: folder[key] })),
  ];
}

describe('rlm.workspace.* settings across levels', () => {
  it('keeps the defaults when nothing is set', () => {
    expect(mergeWorkspaceSettings(levels({}))).toEqual(declaredDefaults);
  });

  it('keeps every default secret glob when a repository sets an empty list, and adds what it lists', () => {
    const emptied = mergeWorkspaceSettings(levels({}, { secretFileGlobs: [] }));
    expect(emptied.secretFileGlobs).toEqual(defaultSecretFileGlobs);
    const added = mergeWorkspaceSettings(levels({}, { secretFileGlobs: ['*.sqlite', '.env*'] }));
    expect(added.secretFileGlobs).toEqual([...defaultSecretFileGlobs, '*.sqlite']);
  });

  it('lets the user replace the secret list, and a folder only add to the user’s', () => {
    const settings = mergeWorkspaceSettings(levels({ secretFileGlobs: ['*.pem'] }, { secretFileGlobs: ['*.db'] }));
    expect(settings.secretFileGlobs).toEqual(['*.pem', '*.db']);
  });

  it('adds exclude globs from every folder to the user’s', () => {
    const settings = mergeWorkspaceSettings(
      levels({ excludeGlobs: ['private/**'] }, { excludeGlobs: ['gen/**'] }, { excludeGlobs: ['tmp/**', 42] }),
    );
    expect(settings.excludeGlobs).toEqual(['private/**', 'gen/**', 'tmp/**']);
  });

  it('lets a folder lower a cap, never raise it', () => {
    const raised = mergeWorkspaceSettings(
      levels({}, { maxFileBytes: 1_000_000_000, maxReadLines: 100_000, maxListedFiles: 1e9 }),
    );
    expect(raised).toMatchObject({ maxFileBytes: 1_048_576, maxReadLines: 400, maxListedFiles: 2000 });
    const lowered = mergeWorkspaceSettings(levels({ maxReadLines: 1000 }, { maxReadLines: 50 }, { maxReadLines: 80 }));
    expect(lowered.maxReadLines).toBe(50);
    const userHigher = mergeWorkspaceSettings(levels({ maxFileBytes: 8_000_000 }, { maxFileBytes: 9_000_000 }));
    expect(userHigher.maxFileBytes).toBe(8_000_000);
  });

  it('ignores values of the wrong type, and caps below 1 that would break every read', () => {
    const settings = mergeWorkspaceSettings(
      levels(
        { maxReadLines: 'many', secretFileGlobs: 'no' },
        { maxReadLines: 0, maxFileBytes: -1, maxListedFiles: Number.NaN, secretFileGlobs: [7, '*.db'] },
      ),
    );
    expect(settings).toMatchObject({ maxReadLines: 400, maxFileBytes: 1_048_576, maxListedFiles: 2000 });
    expect(settings.secretFileGlobs).toEqual([...defaultSecretFileGlobs, '*.db']);
  });
});

describe('user-only settings', () => {
  it('read the user’s value, else the default, never a workspace or folder value', () => {
    expect(userValue({ defaultValue: '', globalValue: 'user-model', workspaceValue: 'repo-model' })).toBe('user-model');
    expect(userValue({ defaultValue: '', workspaceValue: 'repo-model', workspaceFolderValue: 'repo-model' })).toBe('');
    expect(userValue(undefined)).toBeUndefined();
  });
});
