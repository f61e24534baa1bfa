import type { FileOutcome } from './fileExtraction';
import { recordSummary } from './lazySymbols';
import type { Definition, FileSymbols, SkippedSymbolFile, SymbolInfo } from './symbolTypes';

/** A definition by position: the file's records and its index in `definitions`. */
export interface DefHandle {
  symbols: FileSymbols;
  index: number;
}

export interface FileStamp {
  mtimeMs: number;
  size: number;
}

/** Every file's extraction results plus name indexes kept up to date file by file (no full rebuild on update). */
export class SymbolStore {
  readonly files = new Map<string, FileSymbols>();
  readonly skipped = new Map<string, SkippedSymbolFile>();
  readonly stamps = new Map<string, FileStamp>();
  private readonly defsByName = new Map<string, DefHandle[]>();
  /** Files that reference a name: what `incoming` needs to know which files to resolve. */
  private readonly refsByName = new Map<string, FileSymbols[]>();
  private readonly idCache = new WeakMap<FileSymbols, string[]>();
  /** Bumped when the set of indexed files changes (module resolution depends on it). */
  fileSetVersion = 0;
  /** Bumped on every change (reference resolution depends on it). */
  version = 0;

  apply(outcome: FileOutcome): void {
    const existed = this.files.has(outcome.file) || this.skipped.has(outcome.file);
    this.removeRecords(outcome.file);
    this.stamps.set(outcome.file, { mtimeMs: outcome.mtimeMs, size: outcome.size });
    if (outcome.kind === 'indexed') this.addRecords(outcome.symbols);
    else this.skipped.set(outcome.file, outcome.skipped);
    if (!existed) this.fileSetVersion++;
    this.version++;
  }

  remove(file: string): void {
    if (!this.stamps.has(file)) return;
    this.removeRecords(file);
    this.stamps.delete(file);
    this.fileSetVersion++;
    this.version++;
  }

  definitionsNamed(name: string): readonly DefHandle[] {
    return this.defsByName.get(name) ?? [];
  }

  filesReferencing(name: string): readonly FileSymbols[] {
    return this.refsByName.get(name) ?? [];
  }

  allNames(): IterableIterator<string> {
    return this.defsByName.keys();
  }

  /** Stable id: `file#Qualified.name`, with `@line` added when the name repeats in the file (overloads). */
  idOf(symbols: FileSymbols, index: number): string {
    let ids = this.idCache.get(symbols);
    if (!ids) {
      const seen = new Set<string>();
      ids = symbols.definitions.map((d) => {
        const base = `${symbols.file}#${d.qualifiedName}`;
        const id = seen.has(base) ? `${base}@${d.line}` : base;
        seen.add(base);
        return id;
      });
      this.idCache.set(symbols, ids);
    }
    return ids[index];
  }

  info(handle: DefHandle): SymbolInfo {
    const def: Definition = handle.symbols.definitions[handle.index];
    return {
      ...def,
      id: this.idOf(handle.symbols, handle.index),
      file: handle.symbols.file,
      language: handle.symbols.language,
    };
  }

  /** Finds a definition by id; undefined when the file changed since the id was handed out. */
  byId(id: string): DefHandle | undefined {
    const hash = id.indexOf('#');
    const symbols = hash > 0 ? this.files.get(id.slice(0, hash)) : undefined;
    if (!symbols) return undefined;
    for (let i = 0; i < symbols.definitions.length; i++) if (this.idOf(symbols, i) === id) return { symbols, index: i };
    return undefined;
  }

  private addRecords(symbols: FileSymbols): void {
    this.files.set(symbols.file, symbols);
    const summary = recordSummary(symbols);
    summary.definitionNames.forEach((name, index) => push(this.defsByName, name, { symbols, index }));
    for (const name of summary.referenceNames) push(this.refsByName, name, symbols);
  }

  private removeRecords(file: string): void {
    this.skipped.delete(file);
    const old = this.files.get(file);
    if (!old) return;
    this.files.delete(file);
    const summary = recordSummary(old);
    for (const name of new Set(summary.definitionNames)) prune(this.defsByName, name, (h) => h.symbols !== old);
    for (const name of summary.referenceNames) prune(this.refsByName, name, (s) => s !== old);
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function prune<T>(map: Map<string, T[]>, key: string, keep: (value: T) => boolean): void {
  const list = map.get(key);
  if (!list) return;
  const kept = list.filter(keep);
  if (kept.length) map.set(key, kept);
  else map.delete(key);
}
