import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { IndexSnapshot, writeIndexSnapshot } from '../../../src/core/symbols/indexSnapshot';
import type { SnapshotFile } from '../../../src/core/symbols/indexSnapshot';
import { IndexCancelledError } from '../../../src/core/symbols/indexCancelledError';
import { SymbolIndex } from '../../../src/core/symbols/symbolIndex';
import { copyFixtureRepo, listRepo } from './fixtureRepo';

const temps: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-snapshot-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Files whose names overlap across files, with non-ASCII names and enough names that the hash has to probe. */
function syntheticFiles(): SnapshotFile[] {
  const files: SnapshotFile[] = [];
  for (let f = 0; f < 60; f++) {
    const definitionNames = Array.from({ length: 80 }, (_, i) => `def_${(f * 37 + i) % 3000}`);
    if (f % 7 === 0) definitionNames.push('größe', '数据', 'dup', 'dup');
    files.push({
      file: `dir${f % 5}/file ${f}.c`,
      mtimeMs: 1_700_000_000_000 + f + 0.5,
      size: 1000 + f,
      language: f % 2 ? 'c' : 'python',
      hasSyntaxErrors: f % 3 === 0,
      definitionNames,
      definitionTraits: definitionNames.map((_, i) => (i * 5 + f) % 256),
      referenceNames: Array.from({ length: 40 }, (_, i) => `ref_${(f + i) % 90}`),
      importModules: [`mod_${f % 4}`, 'shared'],
      aliases: f === 9 ? [['original', 'renamed']] : [],
      counts: [definitionNames.length, 40 + f, 2],
      records: () => zlib.deflateRawSync(JSON.stringify({ file: f })),
    });
  }
  files.push({
    file: 'big.min.js',
    mtimeMs: 5,
    size: 9_000_000,
    skipped: { file: 'big.min.js', reason: 'minified', detail: 'long lines' },
    definitionNames: [],
    definitionTraits: [],
    referenceNames: [],
    importModules: [],
    aliases: [],
    counts: [0, 0, 0],
  });
  return files;
}

describe('index snapshot', () => {
  it('answers every name, posting, stamp and record it was written with, and nothing else', async () => {
    const target = path.join(tempDir(), 'symbols.index');
    const files = syntheticFiles();
    await writeIndexSnapshot(target, 'fmt', 'settings', files);
    const snapshot = IndexSnapshot.open(target, 'fmt', 'settings');
    if (!snapshot) throw new Error('snapshot did not open');

    expect(snapshot.fileCount).toBe(files.length);
    const definedIn = new Map<string, Array<[number, number, number]>>();
    const referencedBy = new Map<string, number[]>();
    files.forEach((file, id) => {
      expect(snapshot.path(id)).toBe(file.file);
      expect(snapshot.mtimeMs(id)).toBe(file.mtimeMs);
      expect(snapshot.size(id)).toBe(file.size);
      expect(snapshot.isSkipped(id)).toBe(file.skipped !== undefined);
      if (file.skipped) {
        expect(snapshot.skippedFiles.get(id)).toEqual(file.skipped);
        return;
      }
      expect(snapshot.language(id)).toBe(file.language);
      expect(snapshot.hasSyntaxErrors(id)).toBe(file.hasSyntaxErrors);
      expect(snapshot.counts(id)).toEqual(file.counts);
      expect(snapshot.importModules(id)).toEqual(file.importModules);
      const records = snapshot.recordsOf(id);
      expect(JSON.parse(zlib.inflateRawSync(records.source.read(records.offset, records.length)).toString())).toEqual({
        file: id,
      });
      file.definitionNames.forEach((name, index) => {
        definedIn.set(name, [...(definedIn.get(name) ?? []), [id, index, file.definitionTraits[index]]]);
      });
      for (const name of file.referenceNames) referencedBy.set(name, [...(referencedBy.get(name) ?? []), id]);
    });
    for (const [name, expected] of definedIn) {
      const nameId = snapshot.nameId(name);
      expect(snapshot.name(nameId)).toBe(name);
      const found: Array<[number, number, number]> = [];
      snapshot.forEachDefinition(nameId, (file, index, trait) => found.push([file, index, trait]));
      expect(found).toEqual(expected);
      // The same definitions one file at a time, including files that define other names only.
      for (let file = 0; file < files.length; file++) {
        const inFile: number[] = [];
        snapshot.forDefinitionsInFile(nameId, file, (index) => inFile.push(index));
        expect(inFile).toEqual(expected.filter(([f]) => f === file).map(([, index]) => index));
      }
    }
    for (const [name, expected] of referencedBy) {
      expect([...snapshot.referencingFiles(snapshot.nameId(name))]).toEqual(expected);
      expect(snapshot.hasDefinitions(snapshot.nameId(name))).toBe(definedIn.has(name));
    }
    for (const absent of ['', 'def_3000', 'Dup', 'größ', 'grösse', 'ref_90'])
      expect(snapshot.nameId(absent), absent).toBe(-1);
    expect(snapshot.aliases.map(([file, name, alias]) => [file, snapshot.name(name), snapshot.name(alias)])).toEqual([
      [9, 'original', 'renamed'],
    ]);
    // Re-assembled per-file names are what a rewrite keeps.
    const names = await snapshot.fileNames();
    files.forEach((file, id) => {
      expect(names.definitions[id]).toEqual(file.definitionNames);
      expect(names.traits[id]).toEqual(file.definitionTraits);
      expect([...names.references[id]].sort()).toEqual([...file.referenceNames].sort());
    });
  });

  it('refuses a snapshot of another format or settings, a damaged one and a foreign file', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'symbols.index');
    await writeIndexSnapshot(target, 'fmt', 'settings', syntheticFiles());
    expect(IndexSnapshot.open(target, 'fmt-2', 'settings')).toBeUndefined();
    expect(IndexSnapshot.open(target, 'fmt', 'other')).toBeUndefined();
    const bytes = fs.readFileSync(target);
    const truncated = path.join(dir, 'truncated.index');
    fs.writeFileSync(truncated, bytes.subarray(0, bytes.length - 40));
    expect(IndexSnapshot.open(truncated, 'fmt', 'settings')).toBeUndefined();
    const foreign = path.join(dir, 'foreign.index');
    fs.writeFileSync(foreign, 'not an index at all, just some text that is long enough');
    expect(IndexSnapshot.open(foreign, 'fmt', 'settings')).toBeUndefined();
    expect(IndexSnapshot.open(path.join(dir, 'missing.index'), 'fmt', 'settings')).toBeUndefined();
  });

  it('keeps changes since the snapshot in a journal beside it and re-opens to the same answers as a fresh build', async () => {
    const root = copyFixtureRepo();
    temps.push(root);
    const cacheDir = tempDir();
    await new SymbolIndex({ root, cacheDir, options: { workers: 0 } }).build(listRepo(root));
    const snapshotPath = path.join(cacheDir, 'symbols.index');
    const snapshotBytes = fs.readFileSync(snapshotPath);

    fs.appendFileSync(path.join(root, 'src/app.ts'), '\nexport function journaled(): number { return add(1, 2); }\n');
    const removed = listRepo(root).find((f) => f.endsWith('.py'));
    if (!removed) throw new Error('the fixture repo has no Python file');
    fs.rmSync(path.join(root, removed));
    const changed = new SymbolIndex({ root, cacheDir, options: { workers: 0 } });
    const stats = await changed.build(listRepo(root));
    expect(stats.extracted).toBe(1);
    // A one-file change rewrites the journal, not the snapshot.
    expect(fs.readFileSync(snapshotPath).equals(snapshotBytes)).toBe(true);
    expect(fs.existsSync(path.join(cacheDir, 'symbols-journal.jsonl'))).toBe(true);

    const reopened = new SymbolIndex({ root, cacheDir, options: { workers: 0 } });
    const reopenedStats = await reopened.build(listRepo(root));
    expect(reopenedStats.extracted).toBe(0);
    const fresh = new SymbolIndex({ root, options: { workers: 0 } });
    const freshStats = await fresh.build(listRepo(root));
    expect({ ...reopenedStats, reused: 0, extracted: 0 }).toEqual({ ...freshStats, reused: 0, extracted: 0 });
    expect(reopened.fileSymbols(removed)).toBeUndefined();
    expect(reopened.findSymbol('journaled', { exact: true }).map((s) => s.file)).toEqual(['src/app.ts']);
    expect(reopened.callers('add')).toEqual(fresh.callers('add'));
    expect(reopened.exportGraph()).toEqual(fresh.exportGraph());
    // Fuzzy lookups search the snapshot's name table; they find what the in-memory index finds.
    for (const query of ['add', 'calc', 'Calc.sum', 'jour', 'gSN', 'su', 'ormat', 'zzz', 'Helper'])
      expect(reopened.findSymbol(query), query).toEqual(fresh.findSymbol(query));
  });

  it('writes a build of many files straight into a snapshot, and a stopped build keeps what it parsed', async () => {
    const root = copyFixtureRepo();
    temps.push(root);
    const files = listRepo(root);
    const cacheDir = tempDir();
    // journalFiles 0: every build that parses anything writes a new snapshot as it goes.
    const options = { workers: 0, journalFiles: 0 };
    const controller = new AbortController();
    const stopped = new SymbolIndex({ root, cacheDir, options });
    let parsed = 0;
    await expect(
      stopped.build(files, {
        signal: controller.signal,
        onProgress: () => {
          if (++parsed === 3) controller.abort();
        },
      }),
    ).rejects.toBeInstanceOf(IndexCancelledError);
    expect(stopped.stats().files).toBe(3);

    // Stopped while re-opening and checking files: the same error, and nothing lost.
    await expect(
      new SymbolIndex({ root, cacheDir, options }).build(files, { signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(IndexCancelledError);

    const resumed = new SymbolIndex({ root, cacheDir, options });
    const stats = await resumed.build(files);
    expect(stats.reused).toBe(3);
    expect(stats.extracted).toBe(stats.files - 3);
    expect(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.tmp') || f.endsWith('.spool'))).toEqual([]);

    const fresh = new SymbolIndex({ root, options: { workers: 0 } });
    const freshStats = await fresh.build(files);
    expect({ ...stats, reused: 0, extracted: 0 }).toEqual({ ...freshStats, reused: 0, extracted: 0 });
    expect(resumed.exportGraph()).toEqual(fresh.exportGraph());
    for (const query of ['add', 'calc', 'Helper'])
      expect(resumed.findSymbol(query), query).toEqual(fresh.findSymbol(query));
  });

  it('on workers, the parsing workers send files straight to a snapshot writer thread, stopped builds included', async () => {
    const root = copyFixtureRepo();
    temps.push(root);
    const files = listRepo(root);
    const cacheDir = tempDir();
    const dist = path.join(__dirname, '../../../dist');
    expect(
      fs.existsSync(path.join(dist, 'symbolWorker.js')),
      'dist/symbolWorker.js is missing: run "node esbuild.js"',
    ).toBe(true);
    const config = {
      root,
      cacheDir,
      workerScript: path.join(dist, 'symbolWorker.js'),
      assetDir: dist,
      options: { workers: 2, batchSize: 1, journalFiles: 0 },
    };
    const fresh = new SymbolIndex({ root, options: { workers: 0 } });
    const freshStats = await fresh.build(files);

    const controller = new AbortController();
    let reported = 0;
    await expect(
      new SymbolIndex(config).build(files, {
        signal: controller.signal,
        onProgress: () => {
          if (++reported === 4) controller.abort();
        },
      }),
    ).rejects.toBeInstanceOf(IndexCancelledError);
    expect(fs.existsSync(path.join(cacheDir, 'symbols.index'))).toBe(true);

    const resumed = new SymbolIndex(config);
    const stats = await resumed.build(files);
    expect(stats.reused).toBeGreaterThanOrEqual(4);
    expect(stats.reused + stats.extracted).toBe(stats.files);
    expect({ ...stats, reused: 0, extracted: 0, threads: 0 }).toEqual({ ...freshStats, reused: 0, extracted: 0 });
    expect(resumed.exportGraph()).toEqual(fresh.exportGraph());

    // Three files changed: the writer thread carries the rest over from the snapshot it replaces.
    for (const file of files.slice(0, 3)) fs.appendFileSync(path.join(root, file), '\n');
    const rebuilt = new SymbolIndex(config);
    const rebuiltStats = await rebuilt.build(files);
    expect(rebuiltStats.extracted).toBe(3);
    expect(rebuiltStats.files).toBe(freshStats.files);
    expect(rebuilt.exportGraph()).toEqual(fresh.exportGraph());
    expect(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    rebuilt.dispose();
    resumed.dispose();
  });
});
