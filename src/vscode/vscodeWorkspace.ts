import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import * as nodePath from 'node:path';
import { NodeWorkspace, withEditorExcludes } from '../core/workspace/index';
import type { Workspace, WorkspaceLimits } from '../core/workspace/index';
import { readEditorExcludeGlobs, readWorkspaceSettings } from './settings';

/** Settings that change which files the workspace lists: the composition root rebuilds the workspace when one does. */
export const workspaceRuleSettings: readonly string[] = ['rlm.workspace', 'files.exclude', 'search.exclude'];

/** The workspace of the open folders, or undefined when no folder on disk is open. */
export function createVscodeWorkspace(log: vscode.LogOutputChannel): Workspace | undefined {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
  if (folders.length === 0) return undefined;
  const ripgrepPath = findVscodeRipgrep();
  log.info(
    `workspace: ${folders.length} folder(s), search with ${ripgrepPath ?? 'rg on PATH, or the JavaScript engine'}`,
  );
  const settings = readWorkspaceSettings(folders.map((folder) => folder.uri));
  return new VscodeWorkspace(folders, settings, ripgrepPath, log);
}

/**
 * The workspace of the open folders. VS Code supplies only what it must: the folders (on disk; package.json
 * declares virtual workspaces unsupported), the `rlm.workspace.*` settings, `files.exclude` and `search.exclude`
 * as exclude rules, and the ripgrep it ships. Listing, search, reading and locating are the core's, the same walk
 * and rules as the CLI (.gitignore, secrets, version-control folders, symlinks not followed, size caps), so a
 * file the listing shows is one grep searches and readFile reads, in the editor as on the command line.
 */
export class VscodeWorkspace extends NodeWorkspace {
  constructor(
    folders: readonly vscode.WorkspaceFolder[],
    settings: Partial<WorkspaceLimits>,
    ripgrepPath: string | undefined,
    log?: vscode.LogOutputChannel,
  ) {
    // One rule set for all folders: a folder's own excludes leave the same paths out of the other folders too,
    // which lists less, never more.
    const editorExcludes = folders.flatMap((folder) => readEditorExcludeGlobs(folder.uri));
    super({
      roots: folders.map((folder) => ({ name: folder.name, fsPath: folder.uri.fsPath })),
      limits: withEditorExcludes(settings, editorExcludes, (message) => log?.warn(message)),
      ripgrep: ripgrepPath ?? 'auto',
    });
  }
}

/** The ripgrep binary VS Code ships under its app root, when this VS Code has one. */
function findVscodeRipgrep(): string | undefined {
  const binary = process.platform === 'win32' ? 'rg.exe' : 'rg';
  for (const modules of ['node_modules', 'node_modules.asar.unpacked']) {
    const candidate = nodePath.join(vscode.env.appRoot, modules, '@vscode', 'ripgrep', 'bin', binary);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
