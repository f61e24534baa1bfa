import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const fixtureRepo = path.join(__dirname, '../../fixtures/symbols/repo');

/** Workspace-relative paths under a folder, as a Workspace listing would give them. */
export function listRepo(root: string, dir = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listRepo(root, rel));
    else out.push(rel);
  }
  return out.sort();
}

/** A writable copy of the fixture repo, for tests that change files. */
export function copyFixtureRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-symbols-'));
  fs.cpSync(fixtureRepo, dir, { recursive: true });
  return dir;
}
