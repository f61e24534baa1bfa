import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SymbolIndex } from '../../../src/core/symbols/symbolIndex';
import { copyFixtureRepo, fixtureRepo, listRepo } from './fixtureRepo';

const dist = path.join(__dirname, '../../../dist');

// `npm test` builds dist/ first; this checks the real worker bundle, its .wasm files and queries/ next to it.
describe('symbol index on worker threads (dist/symbolWorker.js)', () => {
  it('indexes the fixture repo on two workers with the same results as the in-thread path', async () => {
    const workerScript = path.join(dist, 'symbolWorker.js');
    expect(fs.existsSync(workerScript), 'dist/symbolWorker.js is missing: run "node esbuild.js" first').toBe(true);
    const files = listRepo(fixtureRepo);
    const onWorkers = new SymbolIndex({
      root: fixtureRepo,
      workerScript,
      assetDir: dist,
      options: { workers: 2, batchSize: 2 },
    });
    const progress: number[] = [];
    const stats = await onWorkers.build(files, { onProgress: (e) => progress.push(e.done) });
    expect(stats.threads).toBe(2);
    expect(progress).toHaveLength(stats.files);
    const inThread = new SymbolIndex({ root: fixtureRepo, options: { workers: 0 } });
    await inThread.build(files);
    expect(onWorkers.exportGraph()).toEqual(inThread.exportGraph());
  });

  it('updates files on a long-lived update worker, with the same results as the in-thread path', async () => {
    const root = copyFixtureRepo();
    try {
      const files = listRepo(root);
      const onWorker = new SymbolIndex({
        root,
        workerScript: path.join(dist, 'symbolWorker.js'),
        assetDir: dist,
        options: { workers: 1 },
      });
      await onWorker.build(files);
      onWorker.prepareUpdates();
      const inThread = new SymbolIndex({ root, options: { workers: 0 } });
      await inThread.build(files);
      fs.writeFileSync(
        path.join(root, 'src/lib/helper.ts'),
        'export function helper(): string {\n  return renamed();\n}\nexport function renamed(): string { return ""; }\n',
      );
      expect(
        await Promise.all([onWorker.updateFile('src/lib/helper.ts'), inThread.updateFile('src/lib/helper.ts')]),
      ).toEqual(['worker', 'calling-thread']);
      expect(onWorker.callees('helper').map((c) => `${c.symbol.id} ${c.confidence}`)).toEqual([
        'src/lib/helper.ts#renamed exact',
      ]);
      expect(onWorker.exportGraph()).toEqual(inThread.exportGraph());
      onWorker.dispose();
      // After dispose, updates still work, on the calling thread.
      fs.appendFileSync(path.join(root, 'src/lib/helper.ts'), 'export function later(): void {}\n');
      expect(await onWorker.updateFile('src/lib/helper.ts')).toBe('calling-thread');
      expect(onWorker.findSymbol('later', { exact: true })).toHaveLength(1);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('stops the workers when the build is cancelled', async () => {
    const controller = new AbortController();
    const index = new SymbolIndex({
      root: fixtureRepo,
      workerScript: path.join(dist, 'symbolWorker.js'),
      assetDir: dist,
      options: { workers: 2, batchSize: 1 },
    });
    const build = index.build(listRepo(fixtureRepo), {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(build).rejects.toMatchObject({ name: 'IndexCancelledError' });
  });
});
