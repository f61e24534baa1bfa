import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RecordFile, recordBytes } from './symbolCache';
import type { StoredLine } from './lazySymbols';
import type { LanguageId, SkippedSymbolFile } from './symbolTypes';
import { allLanguages } from './languages';
import { CooperativeClock } from '../workspace/files/cooperativeClock';

/**
 * The persisted symbol index as one file that opens without parsing: every name once (a string table with an
 * open-addressing hash over it), postings as typed arrays (name → defining files and definition positions,
 * name → referencing files, file → imported modules), per-file stamps and counts as typed arrays, and each
 * file's records as deflated JSON read by position when a query first needs them.
 *
 * Why this shape: re-opening an index of the Linux kernel (55,000 C files, millions of names and references)
 * must cost seconds and a few hundred megabytes, and run inside the VS Code extension host on every platform.
 * A JSON header or per-record JavaScript objects cost tens of seconds and gigabytes to re-create; an embedded
 * database needs a native build per platform (or a WASM one with its own memory); typed arrays over one read
 * are created in milliseconds, hold 4 bytes per posting, and leave the records on disk.
 *
 * Layout: `magic`, records, sections (8-byte aligned), the meta JSON, then a 16-byte trailer giving where the
 * sections and the meta start. Records come first so a build streams them without holding them.
 */
const magic = Buffer.from('rlm-index-snapshot\n');
const trailerBytes = 16;

/** One file as the snapshot writer takes it. */
export interface SnapshotFile {
  file: string;
  mtimeMs: number;
  size: number;
  skipped?: SkippedSymbolFile;
  language?: LanguageId;
  hasSyntaxErrors?: boolean;
  /** Definition names in definition order. */
  definitionNames: readonly string[];
  /** `definitionTrait` of each, in the same order. */
  definitionTraits: readonly number[];
  /** Distinct names the file references. */
  referenceNames: readonly string[];
  importModules: readonly string[];
  aliases: ReadonlyArray<readonly [string, string]>;
  counts: readonly [definitions: number, references: number, imports: number];
  /** The file's records as deflated JSON (indexed files only). */
  records?: () => Uint8Array;
}

const sectionNames = [
  'nameBytes',
  'nameStarts',
  'nameHash',
  'pathBytes',
  'pathStarts',
  'stamps',
  'recordOffsets',
  'fileInfo',
  'defStart',
  'defFile',
  'defIndex',
  'defTraits',
  'refStart',
  'refFile',
  'importStart',
  'importName',
] as const;
type SectionName = (typeof sectionNames)[number];

interface SnapshotMeta {
  format: string;
  /** Random per write: a journal of later changes names the snapshot it applies to. */
  token: string;
  settings: string;
  files: number;
  names: number;
  /** Byte offset and length of each section, from the start of the sections. */
  sections: Record<SectionName, [number, number]>;
  skipped: Record<number, SkippedSymbolFile>;
  /** `[file id, name id, alias id]` for each aliased import. */
  aliases: Array<[number, number, number]>;
}

/** Per-file fields in `fileInfo`. */
const infoWidth = 5;
const syntaxErrorFlag = 1 << 8;
const skippedFlag = 1 << 9;
const languageIds = allLanguages.map((l) => l.id);

/** Writes a snapshot atomically (temp file + rename), yielding to the event loop as it goes. */
export async function writeIndexSnapshot(
  target: string,
  format: string,
  settings: string,
  files: Iterable<SnapshotFile>,
): Promise<void> {
  const writer = new SnapshotWriter(target, format, settings);
  try {
    await writer.addAll(files);
    await writer.finish();
  } finally {
    writer.discard();
  }
}

/**
 * Writes a snapshot one file at a time, as a build extracts them: records go straight to the file, names are
 * interned to ids on arrival, so a build holds each distinct name once and four bytes per posting, not an object
 * per definition. Nothing is visible at `target` until `finish` renames the finished file into place.
 */
export class SnapshotWriter {
  private readonly temp: string;
  private readonly out: number;
  private closed = false;
  private position = 0;
  private readonly names = new NameInterner();
  private readonly paths: string[] = [];
  private readonly stamps = growableFloat64();
  private readonly recordOffsets = growableFloat64();
  private readonly info = growableUint32();
  private readonly defName = growableUint32();
  private readonly defFile = growableUint32();
  private readonly defIndex = growableUint32();
  private readonly defTrait = growableUint32();
  private readonly refName = growableUint32();
  private readonly refFile = growableUint32();
  private readonly importStart = growableUint32();
  private readonly importName = growableUint32();
  private readonly skipped: SnapshotMeta['skipped'] = {};
  private readonly aliases: SnapshotMeta['aliases'] = [];
  private readonly pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private readonly seen = new Set<string>();

  constructor(
    private readonly target: string,
    private readonly format: string,
    private readonly settings: string,
  ) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    this.temp = `${target}.${process.pid}.${Date.now()}.tmp`;
    this.out = fs.openSync(this.temp, 'w');
    this.write(magic);
  }

  get fileCount(): number {
    return this.paths.length;
  }

  /** Adds a file; a path already added is ignored (the first one stays). */
  add(entry: SnapshotFile): void {
    if (this.seen.has(entry.file)) return;
    this.seen.add(entry.file);
    const id = this.paths.length;
    const { names } = this;
    this.paths.push(entry.file);
    this.stamps.push(entry.mtimeMs);
    this.stamps.push(entry.size);
    this.importStart.push(this.importName.length);
    this.recordOffsets.push(this.position + this.pendingBytes);
    let flags = 0;
    let recordLength = 0;
    if (entry.skipped) {
      this.skipped[id] = entry.skipped;
      flags |= skippedFlag;
    } else {
      flags |= Math.max(0, languageIds.indexOf(entry.language ?? 'typescript'));
      if (entry.hasSyntaxErrors) flags |= syntaxErrorFlag;
      entry.definitionNames.forEach((name, index) => {
        this.defName.push(names.id(name));
        this.defFile.push(id);
        this.defIndex.push(index);
        this.defTrait.push(entry.definitionTraits[index] ?? 0);
      });
      for (const name of entry.referenceNames) {
        this.refName.push(names.id(name));
        this.refFile.push(id);
      }
      for (const module of entry.importModules) this.importName.push(names.id(module));
      for (const [name, alias] of entry.aliases) this.aliases.push([id, names.id(name), names.id(alias)]);
      const bytes = entry.records?.() ?? new Uint8Array(0);
      recordLength = bytes.length;
      this.pending.push(bytes);
      this.pendingBytes += bytes.length;
      if (this.pendingBytes >= 8 * 1024 * 1024) this.flush();
    }
    this.info.push(recordLength);
    this.info.push(entry.counts[0]);
    this.info.push(entry.counts[1]);
    this.info.push(entry.counts[2]);
    this.info.push(flags);
  }

  /** Adds files, handing the event loop back every few milliseconds. */
  async addAll(files: Iterable<SnapshotFile>): Promise<void> {
    const clock = new CooperativeClock();
    for (const file of files) {
      this.add(file);
      await clock.maybeYield();
    }
  }

  /** Writes the tables after the records and moves the file into place. */
  async finish(): Promise<void> {
    const clock = new CooperativeClock();
    this.flush();
    this.importStart.push(this.importName.length);
    const { names } = this;
    const [defStart, defOrder] = await postings(this.defName, names.count, clock);
    const defFile = await permute(this.defFile, defOrder, clock);
    const defIndex = await permute(this.defIndex, defOrder, clock);
    const defTraits = Uint8Array.from(await permute(this.defTrait, defOrder, clock));
    const [refStart, refOrder] = await postings(this.refName, names.count, clock);
    const refFile = await permute(this.refFile, refOrder, clock);
    const nameTable = await names.encode(clock);
    const pathTable = await encodeStrings(this.paths, clock);
    const sections: Record<SectionName, Uint8Array | Uint32Array | Float64Array> = {
      nameBytes: nameTable.bytes,
      nameStarts: nameTable.starts,
      nameHash: nameTable.hash,
      pathBytes: pathTable.bytes,
      pathStarts: pathTable.starts,
      stamps: this.stamps.view(),
      recordOffsets: this.recordOffsets.view(),
      fileInfo: this.info.view(),
      defStart,
      defFile,
      defIndex,
      defTraits,
      refStart,
      refFile,
      importStart: this.importStart.view(),
      importName: this.importName.view(),
    };
    const sectionsStart = align(this.position);
    this.write(new Uint8Array(sectionsStart - this.position));
    const layout = {} as SnapshotMeta['sections'];
    let offset = 0;
    for (const name of sectionNames) {
      const bytes = asBytes(sections[name]);
      layout[name] = [offset, bytes.length];
      this.write(bytes);
      const padded = align(offset + bytes.length);
      this.write(new Uint8Array(padded - offset - bytes.length));
      offset = padded;
      await clock.maybeYield();
    }
    const meta: SnapshotMeta = {
      format: this.format,
      token: randomBytes(8).toString('hex'),
      settings: this.settings,
      files: this.paths.length,
      names: names.count,
      sections: layout,
      skipped: this.skipped,
      aliases: this.aliases,
    };
    const metaStart = this.position;
    this.write(Buffer.from(JSON.stringify(meta)));
    const trailer = Buffer.alloc(trailerBytes);
    trailer.writeDoubleLE(sectionsStart, 0);
    trailer.writeDoubleLE(metaStart, 8);
    this.write(trailer);
    this.close();
    fs.renameSync(this.temp, this.target);
  }

  /** Closes and deletes an unfinished file (nothing after `finish`). */
  discard(): void {
    if (this.closed) return;
    this.close();
    fs.rmSync(this.temp, { force: true });
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.out);
  }

  private flush(): void {
    if (this.pendingBytes) this.write(Buffer.concat(this.pending));
    this.pending.length = 0;
    this.pendingBytes = 0;
  }

  private write(bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) done += fs.writeSync(this.out, bytes, done, bytes.length - done, this.position + done);
    this.position += bytes.length;
  }
}

/** A snapshot opened for queries: typed-array views over one read, records left on disk. */
export class IndexSnapshot {
  private readonly nameBytes: Buffer;
  private readonly nameStarts: Uint32Array;
  private readonly nameHash: Uint32Array;
  private readonly pathBytes: Buffer;
  private readonly pathStarts: Uint32Array;
  private readonly stamps: Float64Array;
  private readonly recordOffsets: Float64Array;
  private readonly info: Uint32Array;
  private readonly defStart: Uint32Array;
  private readonly defFile: Uint32Array;
  private readonly defIndex: Uint32Array;
  private readonly defTraits: Uint8Array;
  private readonly refStart: Uint32Array;
  private readonly refFile: Uint32Array;
  private readonly importStart: Uint32Array;
  private readonly importName: Uint32Array;
  /** Names decoded so far (a Map: an array of millions of empty slots takes 100 ms to allocate). */
  private readonly decoded = new Map<number, string>();
  private lowerNames: string | undefined;
  private nonAsciiNames: number[] | undefined;
  readonly fileCount: number;
  readonly nameCount: number;
  readonly token: string;
  readonly skippedFiles: ReadonlyMap<number, SkippedSymbolFile>;
  readonly aliases: ReadonlyArray<readonly [file: number, name: number, alias: number]>;

  private constructor(
    private readonly records: RecordFile,
    meta: SnapshotMeta,
    data: Buffer,
  ) {
    const view = (name: SectionName): Buffer => {
      const [offset, length] = meta.sections[name];
      return data.subarray(offset, offset + length);
    };
    const u32 = (name: SectionName): Uint32Array => {
      const bytes = view(name);
      return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    };
    const f64 = (name: SectionName): Float64Array => {
      const bytes = view(name);
      return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
    };
    this.nameBytes = view('nameBytes');
    this.nameStarts = u32('nameStarts');
    this.nameHash = u32('nameHash');
    this.pathBytes = view('pathBytes');
    this.pathStarts = u32('pathStarts');
    this.stamps = f64('stamps');
    this.recordOffsets = f64('recordOffsets');
    this.info = u32('fileInfo');
    this.defStart = u32('defStart');
    this.defFile = u32('defFile');
    this.defIndex = u32('defIndex');
    this.defTraits = view('defTraits');
    this.refStart = u32('refStart');
    this.refFile = u32('refFile');
    this.importStart = u32('importStart');
    this.importName = u32('importName');
    this.fileCount = meta.files;
    this.token = meta.token;
    this.nameCount = meta.names;
    this.skippedFiles = new Map(Object.entries(meta.skipped).map(([id, s]) => [Number(id), s]));
    this.aliases = meta.aliases;
  }

  /** Opens a snapshot; undefined when missing, unreadable, damaged or written with other settings or format. */
  static open(target: string, format: string, settings: string): IndexSnapshot | undefined {
    try {
      const head = IndexSnapshot.head(target, format, settings);
      if (!head) return undefined;
      head.file.readInto(head.data, head.sectionsStart);
      return new IndexSnapshot(head.file, head.meta, head.data);
    } catch {
      return undefined;
    }
  }

  /** `open`, with the tables read on the thread pool in slices: the calling thread is never blocked for long. */
  static async load(target: string, format: string, settings: string): Promise<IndexSnapshot | undefined> {
    try {
      const head = IndexSnapshot.head(target, format, settings);
      if (!head) return undefined;
      await head.file.readIntoAsync(head.data, head.sectionsStart);
      return new IndexSnapshot(head.file, head.meta, head.data);
    } catch {
      return undefined;
    }
  }

  private static head(
    target: string,
    format: string,
    settings: string,
  ): { file: RecordFile; meta: SnapshotMeta; data: Buffer; sectionsStart: number } | undefined {
    let file: RecordFile;
    try {
      file = RecordFile.open(target);
    } catch {
      return undefined;
    }
    if (file.size < magic.length + trailerBytes || !file.read(0, magic.length).equals(magic)) return undefined;
    const trailer = file.read(file.size - trailerBytes, trailerBytes);
    const sectionsStart = trailer.readDoubleLE(0);
    const metaStart = trailer.readDoubleLE(8);
    if (!(sectionsStart <= metaStart && metaStart <= file.size - trailerBytes)) return undefined;
    const meta = JSON.parse(
      file.read(metaStart, file.size - trailerBytes - metaStart).toString('utf8'),
    ) as SnapshotMeta;
    if (meta.format !== format || meta.settings !== settings) return undefined;
    // Its own ArrayBuffer at offset 0, so every 8-byte-aligned section can be viewed as a typed array.
    return { file, meta, data: Buffer.from(new ArrayBuffer(metaStart - sectionsStart)), sectionsStart };
  }

  path(file: number): string {
    return this.pathBytes.toString('utf8', this.pathStarts[file], this.pathStarts[file + 1] - 1);
  }

  name(id: number): string {
    let name = this.decoded.get(id);
    if (name === undefined) {
      name = this.nameBytes.toString('utf8', this.nameStarts[id], this.nameStarts[id + 1] - 1);
      this.decoded.set(id, name);
    }
    return name;
  }

  /** The id of a name, or -1: one hash probe sequence, comparing bytes, no table of strings. */
  nameId(name: string): number {
    const mask = this.nameHash.length - 1;
    const key = Buffer.from(name);
    for (let slot = hashBytes(key, 0, key.length) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.nameHash[slot];
      if (entry === 0) return -1;
      const id = entry - 1;
      const start = this.nameStarts[id];
      const end = this.nameStarts[id + 1] - 1;
      if (end - start === key.length && this.nameBytes.compare(key, 0, key.length, start, end) === 0) return id;
    }
  }

  mtimeMs(file: number): number {
    return this.stamps[file * 2];
  }

  size(file: number): number {
    return this.stamps[file * 2 + 1];
  }

  isSkipped(file: number): boolean {
    return (this.info[file * infoWidth + 4] & skippedFlag) !== 0;
  }

  language(file: number): LanguageId {
    return languageIds[this.info[file * infoWidth + 4] & 0xff] ?? 'typescript';
  }

  hasSyntaxErrors(file: number): boolean {
    return (this.info[file * infoWidth + 4] & syntaxErrorFlag) !== 0;
  }

  /** `[definitions, references, imports]`. */
  counts(file: number): [number, number, number] {
    const at = file * infoWidth;
    return [this.info[at + 1], this.info[at + 2], this.info[at + 3]];
  }

  recordsOf(file: number): StoredLine {
    return { source: this.records, offset: this.recordOffsets[file], length: this.info[file * infoWidth] };
  }

  /** Calls `visit(file, index, trait)` for each definition named by `nameId`, in file order. */
  forEachDefinition(nameId: number, visit: (file: number, index: number, trait: number) => void): void {
    if (nameId < 0) return;
    for (let k = this.defStart[nameId]; k < this.defStart[nameId + 1]; k++)
      visit(this.defFile[k], this.defIndex[k], this.defTraits[k]);
  }

  /** Calls `visit(index)` for each definition named by `nameId` in `file`: a binary search in the name's postings. */
  forDefinitionsInFile(nameId: number, file: number, visit: (index: number) => void): void {
    if (nameId < 0) return;
    let low = this.defStart[nameId];
    let high = this.defStart[nameId + 1];
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.defFile[middle] < file) low = middle + 1;
      else high = middle;
    }
    for (let k = low; k < this.defStart[nameId + 1] && this.defFile[k] === file; k++) visit(this.defIndex[k]);
  }

  hasDefinitions(nameId: number): boolean {
    return this.defStart[nameId + 1] > this.defStart[nameId];
  }

  /**
   * Ids of names with definitions whose lower case contains `piece` (ASCII letters, digits, `_`), and of every
   * name with non-ASCII characters (their lower case may hold the piece in other letters). The name table is
   * searched as one lower-cased string (a byte per character, so positions are byte offsets): native substring
   * search over a few tens of megabytes instead of a loop over millions of names.
   */
  definedNamesContaining(piece: string): number[] {
    this.lowerNames ??= this.nameBytes.toString('latin1').toLowerCase();
    this.nonAsciiNames ??= this.namesWithNonAscii(this.lowerNames);
    const found = new Set<number>(this.nonAsciiNames);
    const text = this.lowerNames;
    for (let at = text.indexOf(piece); at >= 0;) {
      const id = this.nameAt(at);
      if (this.hasDefinitions(id)) found.add(id);
      at = text.indexOf(piece, this.nameStarts[id + 1]);
    }
    return [...found].filter((id) => this.hasDefinitions(id));
  }

  /** Ids of every name with definitions. */
  *definedNames(): Iterable<number> {
    for (let id = 0; id < this.nameCount; id++) if (this.hasDefinitions(id)) yield id;
  }

  /** The name whose bytes hold `offset`. */
  private nameAt(offset: number): number {
    let low = 0;
    let high = this.nameCount - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (this.nameStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  private namesWithNonAscii(text: string): number[] {
    const ids: number[] = [];
    const nonAscii = /[\u0080-\uffff]/g;
    for (let match = nonAscii.exec(text); match; match = nonAscii.exec(text)) {
      const id = this.nameAt(match.index);
      ids.push(id);
      nonAscii.lastIndex = this.nameStarts[id + 1];
    }
    return ids;
  }

  /** Files that reference the name, ascending. */
  referencingFiles(nameId: number): Uint32Array {
    return nameId < 0 ? new Uint32Array(0) : this.refFile.subarray(this.refStart[nameId], this.refStart[nameId + 1]);
  }

  importModules(file: number): string[] {
    const out: string[] = [];
    for (let k = this.importStart[file]; k < this.importStart[file + 1]; k++) out.push(this.name(this.importName[k]));
    return out;
  }

  /**
   * Every file's definition names (in order) and distinct reference names, re-assembled from the postings in one
   * pass (yielding as it goes): what a rewrite of the snapshot needs for the files it keeps.
   */
  async fileNames(): Promise<{ definitions: string[][]; traits: number[][]; references: string[][] }> {
    const clock = new CooperativeClock();
    const definitions = Array.from({ length: this.fileCount }, () => [] as string[]);
    const traits = Array.from({ length: this.fileCount }, () => [] as number[]);
    const references = Array.from({ length: this.fileCount }, () => [] as string[]);
    for (let id = 0; id < this.nameCount; id++) {
      for (let k = this.defStart[id]; k < this.defStart[id + 1]; k++) {
        definitions[this.defFile[k]][this.defIndex[k]] = this.name(id);
        traits[this.defFile[k]][this.defIndex[k]] = this.defTraits[k];
      }
      for (let k = this.refStart[id]; k < this.refStart[id + 1]; k++) references[this.refFile[k]].push(this.name(id));
      if ((id & 0x3fff) === 0) await clock.maybeYield();
    }
    return { definitions, traits, references };
  }
}

/** The files of a snapshot not marked in `gone`, as a writer takes them (names re-assembled from the postings). */
export async function keptSnapshotFiles(snapshot: IndexSnapshot, gone: Uint8Array): Promise<SnapshotFile[]> {
  let live = 0;
  for (let id = 0; id < snapshot.fileCount; id++) if (!gone[id]) live++;
  if (!live) return [];
  const names = await snapshot.fileNames();
  const aliases = new Map<number, Array<readonly [string, string]>>();
  for (const [file, name, alias] of snapshot.aliases)
    aliases.set(file, [...(aliases.get(file) ?? []), [snapshot.name(name), snapshot.name(alias)]]);
  const kept: SnapshotFile[] = [];
  for (let id = 0; id < snapshot.fileCount; id++) {
    if (gone[id]) continue;
    const skipped = snapshot.skippedFiles.get(id);
    const records = snapshot.recordsOf(id);
    kept.push({
      file: snapshot.path(id),
      mtimeMs: snapshot.mtimeMs(id),
      size: snapshot.size(id),
      ...(skipped
        ? { skipped }
        : {
            language: snapshot.language(id),
            hasSyntaxErrors: snapshot.hasSyntaxErrors(id),
            records: () => recordBytes(records),
          }),
      definitionNames: names.definitions[id],
      definitionTraits: names.traits[id],
      referenceNames: names.references[id],
      importModules: snapshot.importModules(id),
      aliases: aliases.get(id) ?? [],
      counts: snapshot.counts(id),
    });
  }
  return kept;
}

/** Names to ids in first-seen order, encoded at the end as bytes + starts + a hash table. */
class NameInterner {
  private readonly ids = new Map<string, number>();
  private readonly list: string[] = [];

  get count(): number {
    return this.list.length;
  }

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.list.length;
      this.ids.set(name, id);
      this.list.push(name);
    }
    return id;
  }

  async encode(clock: CooperativeClock): Promise<{ bytes: Uint8Array; starts: Uint32Array; hash: Uint32Array }> {
    const { bytes, starts } = await encodeStrings(this.list, clock);
    // Load factor at most three quarters keeps probe sequences short.
    let size = 1;
    while (size * 3 < this.list.length * 4) size *= 2;
    const hash = new Uint32Array(Math.max(2, size));
    const mask = hash.length - 1;
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    for (let id = 0; id < this.list.length; id++) {
      let slot = hashBytes(buffer, starts[id], starts[id + 1] - 1) & mask;
      while (hash[slot] !== 0) slot = (slot + 1) & mask;
      hash[slot] = id + 1;
      if ((id & 0xffff) === 0) await clock.maybeYield();
    }
    return { bytes, starts, hash };
  }
}

/** Strings as UTF-8, each followed by a newline, with the start of each (and one past the end); in slices, yielding between. */
async function encodeStrings(
  list: readonly string[],
  clock: CooperativeClock,
): Promise<{ bytes: Uint8Array; starts: Uint32Array }> {
  const slice = 65_536;
  const chunks: Buffer[] = [];
  const starts = new Uint32Array(list.length + 1);
  let at = 0;
  for (let first = 0; first < list.length; first += slice) {
    const part = list.slice(first, first + slice);
    const bytes = Buffer.from(`${part.join('\n')}\n`);
    let local = 0;
    for (let i = 0; i < part.length; i++) {
      starts[first + i] = at + local;
      local = bytes.indexOf(10, local) + 1;
    }
    chunks.push(bytes);
    at += bytes.length;
    await clock.maybeYield();
  }
  starts[list.length] = at;
  return { bytes: Buffer.concat(chunks, at), starts };
}

/** FNV-1a over bytes. */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

/** Counting sort of postings by name: the start of each name's run, and the order that puts entries in runs. */
async function postings(
  keys: Growable<Uint32Array>,
  nameCount: number,
  clock: CooperativeClock,
): Promise<[Uint32Array, Uint32Array]> {
  const start = new Uint32Array(nameCount + 1);
  const values = keys.view();
  for (let k = 0; k < values.length; k++) {
    start[values[k] + 1]++;
    if ((k & 0xfffff) === 0) await clock.maybeYield();
  }
  for (let i = 0; i < nameCount; i++) start[i + 1] += start[i];
  await clock.maybeYield();
  const next = start.slice(0, nameCount);
  const order = new Uint32Array(values.length);
  for (let k = 0; k < values.length; k++) {
    order[next[values[k]]++] = k;
    if ((k & 0xfffff) === 0) await clock.maybeYield();
  }
  return [start, order];
}

async function permute(
  values: Growable<Uint32Array>,
  order: Uint32Array,
  clock: CooperativeClock,
): Promise<Uint32Array> {
  const source = values.view();
  const out = new Uint32Array(order.length);
  for (let k = 0; k < order.length; k++) {
    out[k] = source[order[k]];
    if ((k & 0xfffff) === 0) await clock.maybeYield();
  }
  return out;
}

function align(n: number): number {
  return Math.ceil(n / 8) * 8;
}

function asBytes(array: Uint8Array | Uint32Array | Float64Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** A typed array that doubles its room as it fills. */
class Growable<A extends Uint32Array | Float64Array> {
  private data: A;
  length = 0;

  constructor(private readonly make: (length: number) => A) {
    this.data = make(1024);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = this.make(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  view(): A {
    return this.data.subarray(0, this.length) as A;
  }
}

const growableUint32 = (): Growable<Uint32Array> => new Growable((n) => new Uint32Array(n));
const growableFloat64 = (): Growable<Float64Array> => new Growable((n) => new Float64Array(n));
