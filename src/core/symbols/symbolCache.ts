import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { FileOutcome } from './fileExtraction';
import { lazyFileSymbols, recordSummary, storeRecords, untouchedRecords } from './lazySymbols';
import type { EncodedLine, FileRecords, RecordSource, RecordSummary } from './lazySymbols';
import { definitionKinds } from './symbolTypes';
import type {
  Definition,
  FileSymbols,
  ImportRecord,
  Reference,
  ReferenceKind,
  SkippedSymbolFile,
  TypedBinding,
} from './symbolTypes';

/** Bump when extraction output changes (queries, record shape) so stale caches are ignored. */
export const cacheFormat = 'rlm-symbols-16';
const referenceKinds: readonly ReferenceKind[] = ['call', 'new', 'type', 'read'];
const newline = 10;

/** References dominate the records; as arrays they parse about twice as fast as objects with keys. */
type EncodedReference = [
  name: string,
  kind: number,
  line: number,
  column: number,
  enclosing: number,
  receiver?: string,
];

/**
 * Definitions as arrays too: the qualified name is derived from the container, the declaration's lines are kept as
 * offsets from the name's line, and the rarer fields sit in one optional object. Smaller text is less to write and
 * less to deflate, which is a share of every cold build.
 */
type EncodedDefinition = [
  name: string,
  kind: number,
  line: number,
  column: number,
  /** `line - startLine` */
  linesBefore: number,
  /** `endLine - line` */
  linesAfter: number,
  endColumn: number,
  signature: string,
  /** Also `qualifiedName`, when it is not `container.name`. */
  rare?: Partial<Pick<Definition, 'qualifiedName' | 'container' | 'doc' | 'bases' | 'parameters' | 'returns'>>,
];

interface EncodedRecords {
  d: EncodedDefinition[];
  r: EncodedReference[];
  i: ImportRecord[];
  b?: TypedBinding[];
}

interface HeaderEntry {
  f: string;
  m: number;
  s: number;
  skipped?: SkippedSymbolFile;
  l?: FileSymbols['language'];
  e?: 1;
  /** Definition names in order, distinct reference names, and [definitions, references, imports] counts. */
  n?: string[];
  /** `definitionTrait` per definition. */
  t?: number[];
  rn?: string[];
  /** Distinct imported modules, and `[name, alias]` pairs of aliased imports. */
  im?: string[];
  al?: Array<[string, string]>;
  c?: [number, number, number];
  /** Byte length of the file's records line. */
  len?: number;
}

interface CacheHeader {
  format: string;
  /** Settings that change what extraction keeps; a different value invalidates the cache. */
  settings: string;
  files: HeaderEntry[];
  /** Files of the snapshot this journal sits beside that are gone (a journal only). */
  removed?: string[];
}

/** What a cache file holds: file outcomes, and (for a journal of changes) the snapshot's files that were removed. */
export interface LoadedCache {
  outcomes: FileOutcome[];
  removed: string[];
}

/**
 * Reads a cache file in JSON lines (the journal of changes beside a snapshot); undefined when missing, unreadable
 * or from another format. Records stay on disk until first use.
 */
export async function loadSymbolCache(cacheFile: string, settings: string): Promise<LoadedCache | undefined> {
  let file: RecordFile;
  try {
    file = RecordFile.open(cacheFile);
  } catch {
    return undefined;
  }
  try {
    const headerEnd = file.find(newline);
    if (headerEnd < 0) return undefined;
    const header = JSON.parse(file.read(0, headerEnd).toString('utf8')) as CacheHeader;
    if (header.format !== cacheFormat || header.settings !== settings) return undefined;
    let offset = headerEnd + 1;
    const outcomes: FileOutcome[] = [];
    for (const entry of header.files) {
      if (entry.skipped) {
        outcomes.push({ kind: 'skipped', file: entry.f, mtimeMs: entry.m, size: entry.s, skipped: entry.skipped });
        continue;
      }
      const length = entry.len ?? 0;
      if (offset + length > file.size) return undefined;
      const [definitions, references, imports] = entry.c ?? [0, 0, 0];
      const symbols = lazyFileSymbols(
        { file: entry.f, language: entry.l ?? 'typescript', hasSyntaxErrors: entry.e === 1 },
        {
          definitionNames: entry.n ?? [],
          definitionTraits: entry.t ?? [],
          referenceNames: entry.rn ?? [],
          importModules: entry.im ?? [],
          aliases: entry.al ?? [],
          definitions,
          references,
          imports,
        },
        { source: file, offset, length },
        decodeRecords,
      );
      offset += length + 1;
      outcomes.push({ kind: 'indexed', file: entry.f, mtimeMs: entry.m, size: entry.s, symbols });
    }
    return { outcomes, removed: header.removed ?? [] };
  } catch {
    return undefined;
  }
}

/**
 * Writes the index atomically (temp file + rename) so a crash never leaves a half-written cache. Records are
 * streamed in chunks, never joined into one buffer, and records still encoded then point into the new file.
 */
export async function saveSymbolCache(
  target: string,
  settings: string,
  outcomes: Iterable<FileOutcome>,
  removed: readonly string[] = [],
): Promise<void> {
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const entries: HeaderEntry[] = [];
  const lines: Array<{ symbols: FileSymbols; line: EncodedLine; length: number }> = [];
  for (const outcome of outcomes) {
    if (outcome.kind === 'skipped') {
      entries.push({ f: outcome.file, m: outcome.mtimeMs, s: outcome.size, skipped: outcome.skipped });
      continue;
    }
    const { symbols } = outcome;
    const summary = recordSummary(symbols);
    const line = untouchedRecords(symbols) ?? encodedRecordBytes(symbols);
    const length = typeof line === 'string' ? Buffer.byteLength(line) : line.length;
    entries.push({
      f: outcome.file,
      m: outcome.mtimeMs,
      s: outcome.size,
      l: symbols.language,
      ...(symbols.hasSyntaxErrors ? { e: 1 as const } : {}),
      n: [...summary.definitionNames],
      t: [...summary.definitionTraits],
      rn: [...summary.referenceNames],
      ...(summary.importModules.length ? { im: [...summary.importModules] } : {}),
      ...(summary.aliases.length
        ? { al: summary.aliases.map(([name, alias]): [string, string] => [name, alias]) }
        : {}),
      c: [summary.definitions, summary.references, summary.imports],
      len: length,
    });
    lines.push({ symbols, line, length });
  }
  const header = Buffer.from(
    JSON.stringify({
      format: cacheFormat,
      settings,
      files: entries,
      ...(removed.length ? { removed: [...removed] } : {}),
    } satisfies CacheHeader),
  );
  const temp = `${target}.${process.pid}.tmp`;
  const handle = await fs.promises.open(temp, 'w');
  const offsets: number[] = [];
  try {
    const chunk = new ChunkWriter(handle);
    await chunk.write(header);
    let offset = header.length;
    for (const { line, length } of lines) {
      await chunk.write(newlineByte);
      offset += 1;
      offsets.push(offset);
      await chunk.write(recordBytes(line));
      offset += length;
    }
    await chunk.flush();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(temp, target);
  const saved = RecordFile.open(target);
  lines.forEach(({ symbols, length }, i) =>
    storeRecords(symbols, { source: saved, offset: offsets[i] as number, length }),
  );
}

const newlineByte = Buffer.from([newline]);

/** Gathers small writes into chunks of a few megabytes: one system call per chunk, and memory bounded by it. */
class ChunkWriter {
  private parts: Uint8Array[] = [];
  private size = 0;

  constructor(private readonly handle: fs.promises.FileHandle) {}

  async write(bytes: Uint8Array): Promise<void> {
    this.parts.push(bytes);
    this.size += bytes.length;
    if (this.size >= 8 * 1024 * 1024) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.size) return;
    const parts = this.parts;
    this.parts = [];
    this.size = 0;
    await this.handle.write(Buffer.concat(parts));
  }
}

/**
 * A cache or spool file read by position. Its descriptor stays open while records point into it (on POSIX a
 * file replaced by a newer save stays readable through it) and closes once none does.
 */
export class RecordFile implements RecordSource {
  private static readonly closer = new FinalizationRegistry<number>((fd) => {
    try {
      fs.closeSync(fd);
    } catch {
      // Already closed: nothing to release.
    }
  });

  private constructor(
    readonly filePath: string,
    private readonly fd: number,
    public size: number,
  ) {
    RecordFile.closer.register(this, fd);
  }

  static open(filePath: string, flags = 'r'): RecordFile {
    const fd = fs.openSync(filePath, flags);
    return new RecordFile(filePath, fd, fs.fstatSync(fd).size);
  }

  read(offset: number, length: number): Buffer {
    const bytes = Buffer.allocUnsafe(length);
    this.readInto(bytes, offset);
    return bytes;
  }

  /** Fills `target` from `offset` on, without an intermediate buffer. */
  readInto(target: Uint8Array, offset: number): void {
    let done = 0;
    while (done < target.length) {
      const n = fs.readSync(this.fd, target, done, target.length - done, offset + done);
      if (n === 0)
        throw new Error(`The symbol cache ${this.filePath} ended early: delete it and the index is rebuilt.`);
      done += n;
    }
  }

  /** `readInto` in 16 MB reads on the thread pool, so a large read never blocks the calling thread. */
  async readIntoAsync(target: Uint8Array, offset: number): Promise<void> {
    const step = 16 * 1024 * 1024;
    for (let done = 0; done < target.length;) {
      const length = Math.min(step, target.length - done);
      const n = await new Promise<number>((resolve, reject) =>
        fs.read(this.fd, target, done, length, offset + done, (error, bytes) =>
          error ? reject(error) : resolve(bytes),
        ),
      );
      if (n === 0)
        throw new Error(`The symbol cache ${this.filePath} ended early: delete it and the index is rebuilt.`);
      done += n;
    }
  }

  /** Appends bytes (spool files only) and returns where they went. */
  append(bytes: Uint8Array): number {
    const at = this.size;
    let done = 0;
    while (done < bytes.length) done += fs.writeSync(this.fd, bytes, done, bytes.length - done, at + done);
    this.size += bytes.length;
    return at;
  }

  /** Position of the first `byte`, or -1; read in 1 MB steps, so a large header is found without reading the file whole. */
  find(byte: number): number {
    const step = 1024 * 1024;
    for (let offset = 0; offset < this.size; offset += step) {
      const at = this.read(offset, Math.min(step, this.size - offset)).indexOf(byte);
      if (at >= 0) return offset + at;
    }
    return -1;
  }
}

/**
 * Where a cold build puts each file's records as they arrive, so a tree of tens of thousands of files does not
 * hold them all in memory until the cache is written. Removed once the build has saved (or failed).
 */
export function openRecordSpool(cacheDir: string): { spool: RecordFile; remove: () => void } {
  fs.mkdirSync(cacheDir, { recursive: true });
  const spoolPath = path.join(cacheDir, `records.${process.pid}.${Date.now()}.spool`);
  const spool = RecordFile.open(spoolPath, 'w+');
  return { spool, remove: () => fs.rmSync(spoolPath, { force: true }) };
}

/** Moves a freshly extracted file's encoded records into the spool. */
export function spoolRecords(spool: RecordFile, symbols: FileSymbols): void {
  const line = untouchedRecords(symbols);
  if (line === undefined || (typeof line !== 'string' && !(line instanceof Uint8Array))) return;
  const bytes = recordBytes(line);
  storeRecords(symbols, { source: spool, offset: spool.append(bytes), length: bytes.length });
}

/** A file's records as the bytes the cache stores (deflated JSON), wherever they are now. */
export function recordBytes(line: EncodedLine): Uint8Array {
  if (typeof line === 'string') return zlib.deflateRawSync(line, { level: 1 });
  return line instanceof Uint8Array ? line : line.source.read(line.offset, line.length);
}

/** A decoded file's records as the cache stores them. */
export function encodedRecordBytes(symbols: FileSymbols): Uint8Array {
  return zlib.deflateRawSync(JSON.stringify(encodeRecords(symbols)), { level: 1 });
}

/** An outcome as a worker sends it: the records already encoded, so the receiving thread clones one string, not thousands of objects. */
export type PackedOutcome =
  | Extract<FileOutcome, { kind: 'skipped' }>
  | {
      kind: 'packed';
      file: string;
      mtimeMs: number;
      size: number;
      head: Pick<FileSymbols, 'file' | 'language' | 'hasSyntaxErrors'>;
      summary: RecordSummary;
      /** Deflated JSON, compressed on the worker so neither the copy to this thread nor the cache holds it whole. */
      records: Uint8Array;
    };

export function packOutcome(outcome: FileOutcome): PackedOutcome {
  if (outcome.kind === 'skipped') return outcome;
  const { file, mtimeMs, size, symbols } = outcome;
  return {
    kind: 'packed',
    file,
    mtimeMs,
    size,
    head: { file: symbols.file, language: symbols.language, hasSyntaxErrors: symbols.hasSyntaxErrors },
    summary: recordSummary(symbols),
    records: encodedRecordBytes(symbols),
  };
}

/** The outcome with records that decode on first use. */
export function unpackOutcome(packed: PackedOutcome): FileOutcome {
  if (packed.kind === 'skipped') return packed;
  const { file, mtimeMs, size, head, summary, records } = packed;
  return { kind: 'indexed', file, mtimeMs, size, symbols: lazyFileSymbols(head, summary, records, decodeRecords) };
}

function encodeDefinition(d: Definition): EncodedDefinition {
  const row: EncodedDefinition = [
    d.name,
    definitionKinds.indexOf(d.kind),
    d.line,
    d.column,
    d.line - d.startLine,
    d.endLine - d.line,
    d.endColumn,
    d.signature,
  ];
  const { qualifiedName, container, doc, bases, parameters, returns } = d;
  const derived = qualifiedName === (container === undefined ? d.name : `${container}.${d.name}`);
  if (!derived || container !== undefined || doc !== undefined || bases || parameters || returns !== undefined) {
    row.push({
      ...(derived ? {} : { qualifiedName }),
      ...(container !== undefined ? { container } : {}),
      ...(doc !== undefined ? { doc } : {}),
      ...(bases ? { bases } : {}),
      ...(parameters ? { parameters } : {}),
      ...(returns !== undefined ? { returns } : {}),
    });
  }
  return row;
}

function decodeDefinition([
  name,
  kind,
  line,
  column,
  before,
  after,
  endColumn,
  signature,
  rare,
]: EncodedDefinition): Definition {
  const container = rare?.container;
  return {
    name,
    kind: definitionKinds[kind],
    qualifiedName: container === undefined ? name : `${container}.${name}`,
    line,
    column,
    startLine: line - before,
    endLine: line + after,
    endColumn,
    signature,
    ...rare,
  };
}

function encodeRecords(symbols: FileSymbols): EncodedRecords {
  return {
    d: symbols.definitions.map(encodeDefinition),
    r: symbols.references.map((r) => {
      const row: EncodedReference = [r.name, referenceKinds.indexOf(r.kind), r.line, r.column, r.enclosing];
      if (r.receiver !== undefined) row.push(r.receiver);
      return row;
    }),
    i: symbols.imports,
    ...(symbols.bindings ? { b: symbols.bindings } : {}),
  };
}

/** Decodes records from any place they are kept. */
export function decodeRecords(raw: EncodedLine): FileRecords {
  const text = typeof raw === 'string' ? raw : zlib.inflateRawSync(recordBytes(raw)).toString('utf8');
  const encoded = JSON.parse(text) as EncodedRecords;
  const references: Reference[] = encoded.r.map(([name, kind, line, column, enclosing, receiver]) =>
    receiver === undefined
      ? { name, kind: referenceKinds[kind], line, column, enclosing }
      : { name, kind: referenceKinds[kind], line, column, receiver, enclosing },
  );
  return {
    definitions: encoded.d.map(decodeDefinition),
    references,
    imports: encoded.i,
    ...(encoded.b ? { bindings: encoded.b } : {}),
  };
}
