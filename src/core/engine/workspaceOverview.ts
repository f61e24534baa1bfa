/**
 * What the root model learns about the workspace up front: counts, never contents, so the prompt does not grow with the repo.
 */
import type { Workspace } from '../workspace/workspace';

const languageByExtension: Readonly<Record<string, string>> = {
  ts: 'TypeScript',
  tsx: 'TypeScript',
  mts: 'TypeScript',
  cts: 'TypeScript',
  js: 'JavaScript',
  jsx: 'JavaScript',
  mjs: 'JavaScript',
  cjs: 'JavaScript',
  py: 'Python',
  go: 'Go',
  rs: 'Rust',
  java: 'Java',
  kt: 'Kotlin',
  c: 'C',
  h: 'C',
  cc: 'C++',
  cpp: 'C++',
  hpp: 'C++',
  cs: 'C#',
  rb: 'Ruby',
  php: 'PHP',
  swift: 'Swift',
  scala: 'Scala',
  md: 'Markdown',
  json: 'JSON',
  yml: 'YAML',
  yaml: 'YAML',
  toml: 'TOML',
  html: 'HTML',
  css: 'CSS',
  scss: 'CSS',
  sh: 'Shell',
  sql: 'SQL',
};

const maxLanguages = 8;
const maxFolders = 20;

export async function describeWorkspace(workspace: Workspace, signal?: AbortSignal): Promise<string> {
  const list = await workspace.listFiles(undefined, { maxResults: Number.MAX_SAFE_INTEGER, signal });
  const languages = new Map<string, number>();
  const folders = new Set<string>();
  for (const file of list.files) {
    const extension = /\.([^./]+)$/.exec(file)?.[1]?.toLowerCase() ?? '';
    const language = languageByExtension[extension] ?? 'other';
    languages.set(language, (languages.get(language) ?? 0) + 1);
    const slash = file.indexOf('/');
    if (slash > 0) folders.add(`${file.slice(0, slash)}/`);
  }
  const byCount = [...languages].sort((a, b) => b[1] - a[1]);
  const shown = byCount.slice(0, maxLanguages).map(([name, count]) => `${name} ${count}`);
  if (byCount.length > maxLanguages) shown.push(`${byCount.length - maxLanguages} more kinds`);
  const folderList = [...folders].sort();
  const folderText =
    folderList.slice(0, maxFolders).join(', ') +
    (folderList.length > maxFolders ? `, and ${folderList.length - maxFolders} more` : '');
  const roots = workspace.roots.map((r) => r.name).join(', ');
  return `Workspace "${roots}": ${list.total} files (${shown.join(', ') || 'none'}); top-level folders: ${folderText || 'none'}.`;
}
