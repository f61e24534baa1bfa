import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IndexedSymbolService } from '../../../src/core/sandbox/indexedSymbolService';
import type { IndexStats } from '../../../src/core/symbols/symbolIndex';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';

let repo: string | undefined;
afterEach(() => {
  if (repo) rmSync(repo, { recursive: true, force: true });
  repo = undefined;
});

function start(): { service: IndexedSymbolService; builds: IndexStats[]; write: (file: string, text: string) => void } {
  repo = mkdtempSync(join(tmpdir(), 'rlm-refresh-'));
  const root = repo;
  const write = (file: string, text: string): void => {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  write('src/alpha.ts', 'export function alphaOne(): number {\n  return 1;\n}\n');
  const builds: IndexStats[] = [];
  const service = new IndexedSymbolService({
    workspace: new NodeWorkspace({ roots: root, ripgrep: false }),
    cacheDir: join(root, '.cache', 'rlm'),
    indexOptions: { workers: 0 },
    onIndexed: (stats) => builds.push(stats),
  });
  return { service, builds, write };
}

const names = async (found: Promise<readonly object[]>): Promise<string[]> =>
  (await found).map((s) => (s as { at: string }).at);

describe('IndexedSymbolService refresh (a long-lived host such as `rlm mcp`)', () => {
  it('loads the index once and picks up added, changed and deleted files on each refresh', async () => {
    const { service, builds, write } = start();
    await service.refresh();
    expect(await names(service.findSymbol('alphaOne'))).toEqual(['src/alpha.ts:1']);
    write('src/beta.ts', 'export function betaTwo(): number {\n  return 2;\n}\n');
    write('src/alpha.ts', '// one line down\nexport function alphaOne(): number {\n  return 1;\n}\n');
    expect(await names(service.findSymbol('betaTwo'))).toEqual([]); // not refreshed yet
    await service.refresh();
    expect(await names(service.findSymbol('betaTwo'))).toEqual(['src/beta.ts:1']);
    expect(await names(service.findSymbol('alphaOne'))).toEqual(['src/alpha.ts:2']);
    rmSync(join(repo!, 'src/beta.ts'));
    await service.refresh();
    expect(await names(service.findSymbol('betaTwo'))).toEqual([]);
    expect(builds).toHaveLength(1);
  });

  it('gives a request the index as of its first symbol call', async () => {
    const { service, write } = start();
    const first = service.forRequest();
    expect(service.opened).toBe(false); // a request that never looks a symbol up costs nothing
    expect(await names(first.findSymbol('alphaOne'))).toEqual(['src/alpha.ts:1']);
    write('src/gamma.ts', 'export function gammaThree(): number {\n  return 3;\n}\n');
    expect(await names(first.findSymbol('gammaThree'))).toEqual([]);
    expect(await names(service.forRequest().findSymbol('gammaThree'))).toEqual(['src/gamma.ts:1']);
  });

  it("finishes a caller's refresh when another caller sharing it was cancelled", async () => {
    const { service, write } = start();
    await service.refresh();
    write('src/delta.ts', 'export function deltaFour(): number {\n  return 4;\n}\n');
    const cancelled = new AbortController();
    cancelled.abort();
    const first = service.refresh(cancelled.signal);
    const second = service.refresh();
    await expect(first).rejects.toThrow();
    await expect(second).resolves.toBeUndefined();
    expect(await names(service.findSymbol('deltaFour'))).toEqual(['src/delta.ts:1']);
  });
});
