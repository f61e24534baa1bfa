import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { locateAsset } from '../../../src/core/symbols/grammarLoader';
import { IndexCancelledError } from '../../../src/core/symbols/indexCancelledError';
import { allLanguages } from '../../../src/core/symbols/languages';
import { SymbolIndex } from '../../../src/core/symbols/symbolIndex';
import { copyFixtureRepo, listRepo } from './fixtureRepo';

const temps: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-symbols-cache-'));
  temps.push(dir);
  return dir;
}
function repoCopy(): string {
  const dir = copyFixtureRepo();
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('SymbolIndex lifecycle', () => {
  it('persists to the cache folder and reuses unchanged files when re-opened', async () => {
    const root = repoCopy();
    const cacheDir = tempDir();
    const first = new SymbolIndex({ root, cacheDir, options: { workers: 0 } });
    const cold = await first.build(listRepo(root));
    expect(cold.extracted).toBe(cold.files);
    expect(fs.existsSync(path.join(cacheDir, 'symbols.index'))).toBe(true);

    fs.appendFileSync(path.join(root, 'src/lib/helper.ts'), '\nexport function extra(): void {}\n');
    const second = new SymbolIndex({ root, cacheDir, options: { workers: 0 } });
    const warm = await second.build(listRepo(root));
    expect(warm.extracted).toBe(1);
    expect(warm.reused).toBe(cold.files - 1);
    expect(second.findSymbol('extra', { exact: true }).map((s) => s.file)).toEqual(['src/lib/helper.ts']);
    expect(second.callers('add').length).toBeGreaterThan(0);
  });

  it('a re-opened index answers like a fresh one, decoding cached files only when used, and re-saves untouched ones intact', async () => {
    const root = repoCopy();
    const cacheDir = tempDir();
    const fresh = new SymbolIndex({ root, cacheDir, options: { workers: 0 } });
    const coldStats = await fresh.build(listRepo(root));
    const freshGraph = fresh.exportGraph();

    const reopened = new SymbolIndex({ root, cacheDir, options: { workers: 0 } });
    const warmStats = await reopened.build(listRepo(root));
    expect(warmStats.reused).toBe(coldStats.files);
    expect({ ...warmStats, reused: 0, extracted: 0 }).toEqual({ ...coldStats, reused: 0, extracted: 0 });
    const cached = reopened.fileSymbols('src/lib/math.ts');
    expect(Object.getOwnPropertyDescriptor(cached, 'definitions')?.get).toBeTypeOf('function');
    expect(JSON.parse(JSON.stringify(cached))).toEqual(
      JSON.parse(JSON.stringify(fresh.fileSymbols('src/lib/math.ts'))),
    );
    expect(reopened.exportGraph()).toEqual(freshGraph);

    // One changed file re-saves the cache; files never decoded are written back byte for byte.
    fs.appendFileSync(path.join(root, 'src/app.ts'), '\nexport function later(): void {}\n');
    const third = new SymbolIndex({ root, cacheDir, options: { workers: 0 } });
    expect((await third.build(listRepo(root))).extracted).toBe(1);
    const fourth = new SymbolIndex({ root, cacheDir, options: { workers: 0 } });
    expect((await fourth.build(listRepo(root))).extracted).toBe(0);
    expect(fourth.findSymbol('later', { exact: true }).map((s) => s.file)).toEqual(['src/app.ts']);
    expect(fourth.exportGraph().edges).toEqual(
      expect.arrayContaining(freshGraph.edges.filter((e) => !e.from.startsWith('src/app.ts'))),
    );
  });

  it('updates one file incrementally, including the edges into it, and forgets deleted files', async () => {
    const root = repoCopy();
    const index = new SymbolIndex({ root, options: { workers: 0 } });
    await index.build(listRepo(root));
    fs.writeFileSync(
      path.join(root, 'src/lib/helper.ts'),
      'export function helper(): string {\n  return renamed();\n}\nexport function renamed(): string { return ""; }\n',
    );
    await index.updateFile('src/lib/helper.ts');
    expect(index.callees('helper').map((c) => `${c.symbol.id} ${c.confidence}`)).toEqual([
      'src/lib/helper.ts#renamed exact',
    ]);
    expect(index.callers('helper').map((c) => c.symbol.id)).toContain('src/app.ts#main');
    fs.rmSync(path.join(root, 'src/lib/helper.ts'));
    await index.updateFile('src/lib/helper.ts');
    expect(index.findSymbol('renamed', { exact: true })).toEqual([]);
  });

  it('reports progress and stops on an AbortSignal', async () => {
    const root = repoCopy();
    const index = new SymbolIndex({ root, options: { workers: 0 } });
    const controller = new AbortController();
    const seen: number[] = [];
    const build = index.build(listRepo(root), {
      signal: controller.signal,
      onProgress: (event) => {
        seen.push(event.done);
        if (event.done === 3) controller.abort();
      },
    });
    await expect(build).rejects.toBeInstanceOf(IndexCancelledError);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('skips huge, minified and generated files, and files holding a private key, with a reason', async () => {
    const root = repoCopy();
    fs.writeFileSync(path.join(root, 'huge.ts'), `export const x = 1;\n${'// filler line\n'.repeat(5000)}`);
    fs.writeFileSync(path.join(root, 'bundle.js'), `var a=1;${'function f(){return 1};'.repeat(400)}`);
    fs.writeFileSync(path.join(root, 'gen.go'), '// Code generated by protoc-gen-go. DO NOT EDIT.\npackage x\n');
    fs.writeFileSync(path.join(root, 'lib.min.js'), 'var a=1;\n');
    // Built here, so this test file does not hold a key header itself.
    const header = ['-----BEGIN', 'RSA PRIVATE KEY-----'].join(' ');
    fs.writeFileSync(path.join(root, 'fixture_key.py'), `KEY = "${header}MIIEowIBAAKCAQEA"\ndef sign():\n    pass\n`);
    const index = new SymbolIndex({ root, options: { workers: 0, maxFileBytes: 50_000 } });
    const stats = await index.build(listRepo(root));
    const reasons = Object.fromEntries(stats.skipped.map((s) => [s.file, s.reason]));
    expect(reasons).toEqual({
      'huge.ts': 'too-large',
      'bundle.js': 'minified',
      'gen.go': 'generated',
      'lib.min.js': 'generated',
      'fixture_key.py': 'secret',
    });
    expect(index.findSymbol('KEY', { exact: true })).toEqual([]);
    expect(index.outline('src/lib/math.ts')?.length).toBeGreaterThan(0);
  });

  it('reports a grammar that fails to load and indexes the other languages', async () => {
    const root = repoCopy();
    const assets = tempDir();
    for (const spec of allLanguages) {
      if (spec.id !== 'python')
        fs.copyFileSync(locateAsset(spec.wasmFile, spec.grammarPackage), path.join(assets, spec.wasmFile));
    }
    fs.copyFileSync(locateAsset('web-tree-sitter.wasm', 'web-tree-sitter'), path.join(assets, 'web-tree-sitter.wasm'));
    fs.cpSync(path.join(__dirname, '../../../src/core/symbols/queries'), path.join(assets, 'queries'), {
      recursive: true,
    });
    const index = new SymbolIndex({ root, assetDir: assets, options: { workers: 0 } });
    const stats = await index.build(listRepo(root));
    expect(stats.grammarErrors).toHaveLength(1);
    expect(stats.grammarErrors[0]).toContain('python');
    expect(stats.skipped.filter((s) => s.reason === 'grammar-unavailable').map((s) => s.file)).toEqual(
      expect.arrayContaining(['py/pkg/models.py', 'py/pkg/service.py']),
    );
    expect(index.outline('go/store/store.go')?.length).toBeGreaterThan(0);
  });
});
