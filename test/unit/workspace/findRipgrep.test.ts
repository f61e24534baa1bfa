import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRipgrepOnPath } from '../../../src/core/workspace/grep/findRipgrep';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';

let base: string;
let repo: string;
let marker: string;
let toolFolder: string;

/** An executable `rg` that leaves a marker when it runs: a repository's own tool must never run. */
function plantRg(folder: string): void {
  mkdirSync(folder, { recursive: true });
  const script = join(folder, 'rg');
  writeFileSync(script, `#!/bin/sh\ntouch '${marker}'\n`);
  chmodSync(script, 0o755);
}

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'rg-path-'));
  repo = join(base, 'repo');
  marker = join(base, 'repository-code-ran');
  plantRg(join(repo, 'node_modules', '.bin'));
  plantRg(join(repo, 'bin'));
  writeFileSync(join(repo, 'a.txt'), 'needle\n');
  // A PATH folder outside the workspace whose rg is a link into the repository.
  toolFolder = join(base, 'tools');
  mkdirSync(toolFolder);
  symlinkSync(join(repo, 'bin', 'rg'), join(toolFolder, 'rg'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe.skipIf(process.platform === 'win32')('finding ripgrep on PATH', () => {
  it('skips relative PATH entries, which resolve inside the repository being explored', async () => {
    const relativeBin = relative(process.cwd(), join(repo, 'node_modules', '.bin'));
    expect(await findRipgrepOnPath(['.', relativeBin].join(delimiter))).toBeUndefined();
  });

  it('skips an rg inside a workspace root, directly or through a symlink', async () => {
    expect(await findRipgrepOnPath([join(repo, 'bin'), toolFolder].join(delimiter), [repo])).toBeUndefined();
    // The same folders serve a workspace elsewhere.
    expect(await findRipgrepOnPath(join(repo, 'bin'), [join(base, 'other')])).toBe(join(repo, 'bin', 'rg'));
  });

  it("never runs a repository's own rg when the workspace searches", async () => {
    const saved = process.env['PATH'];
    process.env['PATH'] = [join(repo, 'bin'), relative(process.cwd(), join(repo, 'node_modules', '.bin')), saved]
      .filter((entry) => entry !== undefined)
      .join(delimiter);
    try {
      const workspace = new NodeWorkspace({ roots: repo });
      const result = await workspace.grep('needle');
      expect(result.matches.map((m) => m.file)).toEqual(['a.txt']);
    } finally {
      process.env['PATH'] = saved;
    }
    expect(existsSync(marker)).toBe(false);
  });
});
