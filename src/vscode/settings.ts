import * as vscode from 'vscode';
import type { WorkspaceLimits } from '../core/workspace/workspace';

/** Settings read from the `rlm.workspace.*` section; undefined fields fall back to the core defaults. */
export function readWorkspaceSettings(): Partial<WorkspaceLimits> {
  const config = vscode.workspace.getConfiguration('rlm.workspace');
  const settings: Partial<WorkspaceLimits> = {};
  const excludeGlobs = config.get<string[]>('excludeGlobs');
  if (Array.isArray(excludeGlobs)) settings.excludeGlobs = excludeGlobs.filter((g) => typeof g === 'string');
  const secretFileGlobs = config.get<string[]>('secretFileGlobs');
  if (Array.isArray(secretFileGlobs)) settings.secretFileGlobs = secretFileGlobs.filter((g) => typeof g === 'string');
  const maxListedFiles = config.get<number>('maxListedFiles');
  if (typeof maxListedFiles === 'number') settings.maxListedFiles = maxListedFiles;
  const maxFileBytes = config.get<number>('maxFileBytes');
  if (typeof maxFileBytes === 'number') settings.maxFileBytes = maxFileBytes;
  const maxReadLines = config.get<number>('maxReadLines');
  if (typeof maxReadLines === 'number') settings.maxReadLines = maxReadLines;
  return settings;
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
