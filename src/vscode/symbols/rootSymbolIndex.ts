import { SymbolIndex } from '../../core/symbols/index';
import type { BuildOptions, IndexStats } from '../../core/symbols/index';
import type { IndexedRoot } from './rootPrefix';
import type { FileChangeBatch } from './symbolFileWatcher';

export interface RootSymbolIndexConfig {
  root: IndexedRoot;
  /** Where the index is persisted; none keeps it in memory. */
  cacheDir?: string;
  workerScript?: string;
  assetDir?: string;
  /** Root-relative files the index may read: the Workspace listing, so .gitignore, excludes and secrets apply. */
  listFiles: (signal?: AbortSignal) => Promise<string[]>;
  /** Above this many files in one batch, update through a build (worker threads) instead of file by file. */
  bulkUpdateFiles: number;
}

/** The index of one workspace folder: built on demand, then kept current from file events. */
export class RootSymbolIndex {
  readonly index: SymbolIndex;
  /** Files the listing allowed; events for other files are ignored unless a new listing allows them. */
  private known = new Set<string>();
  /** New files a listing refused (ignored, excluded, secret): not listed again on every event. */
  private readonly refused = new Set<string>();
  private built = false;
  /** Bumped when the set of files may have changed; a build covers the generation it started at. */
  private generation = 0;
  private builtGeneration = -1;
  /** Builds and updates run one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly config: RootSymbolIndexConfig) {
    this.index = new SymbolIndex({
      root: config.root.fsPath,
      ...(config.cacheDir ? { cacheDir: config.cacheDir } : {}),
      ...(config.workerScript ? { workerScript: config.workerScript } : {}),
      ...(config.assetDir ? { assetDir: config.assetDir } : {}),
    });
  }

  get root(): IndexedRoot {
    return this.config.root;
  }

  get prefix(): string {
    return this.config.root.prefix;
  }

  /** True until the first build, and again when the set of files may have changed (settings, .gitignore). */
  get needsBuild(): boolean {
    return !this.built || this.builtGeneration !== this.generation;
  }

  markStale(): void {
    this.generation++;
    this.refused.clear();
  }

  /** Lists the folder and indexes it; unchanged files come from the cache, the rest are parsed on worker threads. */
  build(options: BuildOptions = {}): Promise<IndexStats> {
    return this.serialize(async () => {
      const generation = this.generation;
      const files = await this.config.listFiles(options.signal);
      const stats = await this.index.build(files, options);
      // Starts the long-lived update worker (grammars load there, off the extension host thread).
      if (!this.built) this.index.prepareUpdates();
      this.known = new Set(files);
      this.built = true;
      this.builtGeneration = generation;
      return stats;
    });
  }

  /** Applies a batch of file events; returns the root-relative files whose records changed. */
  apply(batch: FileChangeBatch): Promise<string[]> {
    return this.serialize(async () => {
      if (!this.built) return [];
      if (
        [...batch.created, ...batch.changed, ...batch.deleted].some(
          (f) => f === '.gitignore' || f.endsWith('/.gitignore'),
        )
      ) {
        this.markStale();
      }
      const touched = new Set<string>();
      for (const gone of batch.deleted) {
        for (const file of this.known) {
          if (file === gone || file.startsWith(`${gone}/`)) {
            this.known.delete(file);
            this.index.removeFile(file);
            touched.add(file);
          }
        }
        this.refused.delete(gone);
      }
      const update = batch.changed.filter((f) => this.known.has(f));
      const unknown = batch.created.filter((f) => !this.known.has(f) && !this.refused.has(f));
      update.push(...batch.created.filter((f) => this.known.has(f)));
      if (unknown.length) {
        const allowed = new Set(await this.config.listFiles());
        for (const file of unknown) {
          if (allowed.has(file)) {
            this.known.add(file);
            update.push(file);
          } else {
            this.refused.add(file);
          }
        }
      }
      if (update.length > this.config.bulkUpdateFiles) {
        await this.index.build([...this.known]);
      } else {
        for (const file of update) await this.index.updateFile(file);
      }
      for (const file of update) touched.add(file);
      return [...touched].sort();
    });
  }

  /** Stops the update worker; the index's data stays readable for a pending save. */
  dispose(): void {
    this.index.dispose();
  }

  private serialize<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
