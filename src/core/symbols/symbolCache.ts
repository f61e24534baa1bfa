import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileOutcome } from './fileExtraction';
import { lazyFileSymbols, recordSummary, untouchedRecords } from './lazySymbols';
import type { EncodedLine, FileRecords, RecordSummary } from './lazySymbols';
import type { Definition, FileSymbols, ImportRecord, Reference, ReferenceKind, SkippedSymbolFile, TypedBinding } from './symbolTypes';

/** Bump when extraction output changes (queries, record shape) so stale caches are ignored. */
const cacheFormat = 'rlm-symbols-11';
/** JSON lines: a header with every file's names and counts, then one line of records per indexed file, decoded on first use. */
const cacheFileName = 'symbols.jsonl';
const referenceKinds: readonly ReferenceKind[] = ['call', 'new', 'type', 'read'];
const newline = 10;

/** References dominate the records; as arrays they parse about twice as fast as objects with keys. */
type EncodedReference = [name: string, kind: number, line: number, column: number, enclosing: number, receiver?: string];

interface EncodedRecords {
  d: Definition[];
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
  rn?: string[];
  c?: [number, number, number];
  /** Byte length of the file's records line. */
  len?: number;
}

interface CacheHeader {
  format: string;
  /** Settings that change what extraction keeps; a different value invalidates the cache. */
  settings: string;
  files: HeaderEntry[];
}

/** Reads the persisted index; undefined when missing, unreadable or from another format. Records decode lazily per file. */
export async function loadSymbolCache(cacheDir: string, settings: string): Promise<FileOutcome[] | undefined> {
  let buffer: Buffer;
  try {
    buffer = await fs.promises.readFile(path.join(cacheDir, cacheFileName));
  } catch {
    return undefined;
  }
  try {
    const headerEnd = buffer.indexOf(newline);
    const header = JSON.parse(buffer.toString('utf8', 0, headerEnd < 0 ? undefined : headerEnd)) as CacheHeader;
    if (header.format !== cacheFormat || header.settings !== settings) return undefined;
    let offset = headerEnd + 1;
    const outcomes: FileOutcome[] = [];
    for (const entry of header.files) {
      if (entry.skipped) {
        outcomes.push({ kind: 'skipped', file: entry.f, mtimeMs: entry.m, size: entry.s, skipped: entry.skipped });
        continue;
      }
      const length = entry.len ?? 0;
      if (offset + length > buffer.length) return undefined;
      const [definitions, references, imports] = entry.c ?? [0, 0, 0];
      const symbols = lazyFileSymbols(
        { file: entry.f, language: entry.l ?? 'typescript', hasSyntaxErrors: entry.e === 1 },
        { definitionNames: entry.n ?? [], referenceNames: entry.rn ?? [], definitions, references, imports },
        buffer.subarray(offset, offset + length),
        decodeRecords,
      );
      offset += length + 1;
      outcomes.push({ kind: 'indexed', file: entry.f, mtimeMs: entry.m, size: entry.s, symbols });
    }
    return outcomes;
  } catch {
    return undefined;
  }
}

/** Writes the index atomically (temp file + rename) so a crash never leaves a half-written cache. */
export async function saveSymbolCache(cacheDir: string, settings: string, outcomes: Iterable<FileOutcome>): Promise<void> {
  await fs.promises.mkdir(cacheDir, { recursive: true });
  const entries: HeaderEntry[] = [];
  const lines: Uint8Array[] = [];
  for (const outcome of outcomes) {
    if (outcome.kind === 'skipped') {
      entries.push({ f: outcome.file, m: outcome.mtimeMs, s: outcome.size, skipped: outcome.skipped });
      continue;
    }
    const { symbols } = outcome;
    const summary = recordSummary(symbols);
    const untouched = untouchedRecords(symbols);
    const line = typeof untouched === 'string' || !untouched ? Buffer.from(untouched ?? JSON.stringify(encodeRecords(symbols))) : untouched;
    entries.push({
      f: outcome.file,
      m: outcome.mtimeMs,
      s: outcome.size,
      l: symbols.language,
      ...(symbols.hasSyntaxErrors ? { e: 1 as const } : {}),
      n: [...summary.definitionNames],
      rn: [...summary.referenceNames],
      c: [summary.definitions, summary.references, summary.imports],
      len: line.length,
    });
    lines.push(line);
  }
  const header: CacheHeader = { format: cacheFormat, settings, files: entries };
  const parts: Uint8Array[] = [Buffer.from(JSON.stringify(header))];
  for (const line of lines) parts.push(Buffer.from([newline]), line);
  const target = path.join(cacheDir, cacheFileName);
  const temp = `${target}.${process.pid}.tmp`;
  await fs.promises.writeFile(temp, Buffer.concat(parts));
  await fs.promises.rename(temp, target);
}

/** An outcome as a worker sends it: the records already encoded, so the receiving thread clones one string, not thousands of objects. */
export type PackedOutcome =
  | Extract<FileOutcome, { kind: 'skipped' }>
  | { kind: 'packed'; file: string; mtimeMs: number; size: number; head: Pick<FileSymbols, 'file' | 'language' | 'hasSyntaxErrors'>; summary: RecordSummary; line: string };

export function packOutcome(outcome: FileOutcome): PackedOutcome {
  if (outcome.kind === 'skipped') return outcome;
  const { file, mtimeMs, size, symbols } = outcome;
  return {
    kind: 'packed', file, mtimeMs, size,
    head: { file: symbols.file, language: symbols.language, hasSyntaxErrors: symbols.hasSyntaxErrors },
    summary: recordSummary(symbols),
    line: JSON.stringify(encodeRecords(symbols)),
  };
}

/** The outcome with records that decode on first use. */
export function unpackOutcome(packed: PackedOutcome): FileOutcome {
  if (packed.kind === 'skipped') return packed;
  const { file, mtimeMs, size, head, summary, line } = packed;
  return { kind: 'indexed', file, mtimeMs, size, symbols: lazyFileSymbols(head, summary, line, decodeRecords) };
}

function encodeRecords(symbols: FileSymbols): EncodedRecords {
  return {
    d: symbols.definitions,
    r: symbols.references.map((r) => {
      const row: EncodedReference = [r.name, referenceKinds.indexOf(r.kind), r.line, r.column, r.enclosing];
      if (r.receiver !== undefined) row.push(r.receiver);
      return row;
    }),
    i: symbols.imports,
    ...(symbols.bindings ? { b: symbols.bindings } : {}),
  };
}

function decodeRecords(raw: EncodedLine): FileRecords {
  const text = typeof raw === 'string' ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
  const encoded = JSON.parse(text) as EncodedRecords;
  const references: Reference[] = encoded.r.map(([name, kind, line, column, enclosing, receiver]) =>
    receiver === undefined
      ? { name, kind: referenceKinds[kind], line, column, enclosing }
      : { name, kind: referenceKinds[kind], line, column, receiver, enclosing });
  return { definitions: encoded.d, references, imports: encoded.i, ...(encoded.b ? { bindings: encoded.b } : {}) };
}
