import { spawn } from 'node:child_process';
import * as nodePath from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { findMatchingLines, matchLine, TextLines } from './findMatchingLines';
import type { LineMatch } from './findMatchingLines';
import { GrepCollector } from './grepCollector';
import type { GrepSettings } from './grepCollector';
import { parseRipgrepLine } from './parseRipgrepLine';
import type { RipgrepEvent } from './parseRipgrepLine';
import { buildRipgrepArgs } from './ripgrepArgs';
import { comparePaths } from '../files/comparePaths';
import type { GlobArgument } from '../files/globArgument';
import type { PathFilter } from '../files/pathFilter';
import { readCandidateSync } from '../files/readRegularFile';
import { toDisplayPath } from '../files/resolveWorkspacePath';
import type { SearchPattern } from '../regex/compileSearchPattern';
import { decodeText, stripLineEnding } from '../text/decodeText';
import { findPrivateKey } from '../text/findPrivateKey';
import type { GrepResult, SkippedFile, WorkspaceRoot } from '../workspace';

export interface RipgrepSearch {
  ripgrepPath: string;
  roots: readonly WorkspaceRoot[];
  pattern: SearchPattern;
  filter: PathFilter;
  glob?: GlobArgument;
  settings: GrepSettings;
}

/** One file's confirmed matches and the lines around them. */
interface FileHits {
  relative: string;
  display: string;
  found: LineMatch[];
  lineAt: (line: number) => string | undefined;
}

/** The file ripgrep is reporting on, while its messages arrive. */
interface OpenFile {
  relative: string;
  display: string;
  wanted: boolean;
  lines: Map<number, string>;
  found: LineMatch[];
  /** Lines ripgrep reported as matching, confirmed or not: reaching --max-count means it stopped early. */
  candidates: number;
}

/**
 * Searches with ripgrep, root after root, and returns what the JavaScript engine would: ripgrep's lines are
 * re-checked with the RE2 pattern (for the exact meaning and UTF-16 columns), filtered like `walkFiles`, and
 * binary files are dropped whole. ripgrep searches files in parallel, in no fixed order, so each file is
 * capped at the matches the result can use (--max-count) and the files are sorted in tree order before the
 * result's cap applies: the first N matches are those of the JavaScript engine. Returns undefined when
 * ripgrep cannot run or refuses the pattern, so the caller falls back to `grepWithJs`.
 */
export async function grepWithRipgrep(search: RipgrepSearch): Promise<GrepResult | undefined> {
  const { settings } = search;
  settings.signal?.throwIfAborted();
  if (search.pattern.ripgrepPattern === undefined) return undefined;
  const collector = new GrepCollector(settings);
  for (let rootIndex = 0; rootIndex < search.roots.length && !collector.done; rootIndex++) {
    const found = await searchRoot(search, rootIndex, collector.wanted);
    if (found === undefined) return undefined;
    for (const skipped of found.skipped) collector.skip(skipped.file, skipped.reason);
    for (const file of found.hits) collector.addFile(file.display, file.found, file.lineAt);
  }
  return collector.result('ripgrep');
}

/**
 * The files with matches, kept in tree order and trimmed to those the first `wanted` matches come from,
 * so memory stays bounded however many files match.
 */
class SortedHits {
  private files: FileHits[] = [];
  /** Files that sort after this one cannot be among the first `wanted` matches. */
  private cutoff: string | undefined;

  constructor(private readonly wanted: number) {}

  needs(relative: string): boolean {
    return this.cutoff === undefined || comparePaths(relative, this.cutoff) <= 0;
  }

  add(file: FileHits): void {
    if (!this.needs(file.relative)) return;
    this.files.push(file);
    if (this.files.length >= 2 * this.wanted + 64) this.trim();
  }

  sorted(): FileHits[] {
    this.trim();
    return this.files;
  }

  private trim(): void {
    this.files.sort((a, b) => comparePaths(a.relative, b.relative));
    let count = 0;
    for (let index = 0; index < this.files.length; index++) {
      count += (this.files[index] as FileHits).found.length;
      if (count >= this.wanted) {
        this.files.length = index + 1;
        this.cutoff = (this.files[index] as FileHits).relative;
        return;
      }
    }
  }
}

interface RootResult {
  hits: FileHits[];
  skipped: SkippedFile[];
}

function searchRoot(search: RipgrepSearch, rootIndex: number, wanted: number): Promise<RootResult | undefined> {
  const { settings, pattern, roots } = search;
  const root = roots[rootIndex] as WorkspaceRoot;
  const args = buildRipgrepArgs({
    pattern: pattern.ripgrepPattern as string,
    caseSensitive: pattern.caseSensitive,
    contextLines: settings.contextLines,
    maxFileBytes: settings.maxFileBytes,
    maxCountPerFile: wanted,
    excludeArgs: search.filter.ripgrepArgs(),
    basenameGlob: search.glob?.ripgrepBasenameGlob,
  });
  const hits = new SortedHits(wanted);
  const skipped: { relative: string; file: string; reason: SkippedFile['reason'] }[] = [];
  return new Promise<RootResult | undefined>((resolve, reject) => {
    const child = spawn(search.ripgrepPath, args, { cwd: root.fsPath, stdio: ['ignore', 'pipe', 'pipe'] });
    const decoder = new StringDecoder('utf8');
    let buffered = '';
    let stderr = '';
    let sawOutput = false;
    let stopped = false;
    let file: OpenFile | undefined;

    const onAbort = (): void => {
      stopped = true;
      child.kill();
    };
    settings.signal?.addEventListener('abort', onAbort, { once: true });

    const handle = (event: RipgrepEvent): void => {
      if (event.type === 'begin') {
        const relative = event.path.replace(/\\/g, '/').replace(/^\.\//, '');
        const display = toDisplayPath(roots, rootIndex, relative);
        const wantedFile =
          hits.needs(relative) &&
          search.filter.allowsFile(relative) &&
          (search.glob?.matches(relative, display) ?? true);
        file = { relative, display, wanted: wantedFile, lines: new Map(), found: [], candidates: 0 };
      } else if ((event.type === 'match' || event.type === 'context') && file?.wanted === true) {
        const text = stripLineEnding(event.text);
        file.lines.set(event.lineNumber, text);
        if (event.type === 'match') file.candidates++;
        if (event.type === 'match' && file.found.length < wanted) {
          const hit = matchLine(pattern, text);
          if (hit !== undefined) file.found.push({ line: event.lineNumber, ...hit });
        }
      } else if (event.type === 'end' && file !== undefined) {
        if (file.wanted && event.binary)
          skipped.push({ relative: file.relative, file: file.display, reason: 'binary' });
        else if (file.wanted) keepFile(file);
        file = undefined;
      }
    };

    const keepFile = (open: OpenFile): void => {
      if (open.found.length === 0 && open.candidates < wanted) return;
      if (!hits.needs(open.relative)) return;
      // ripgrep sent only the matching lines: the whole file is read to check it holds no private key, and, when
      // ripgrep stopped at --max-count (a NUL byte further on, or lines RE2 did not all confirm, leave the file
      // undecided), searched whole here by the JavaScript engine's rules.
      const whole = readWholeFile(nodePath.join(root.fsPath, open.relative), settings.maxFileBytes);
      if (typeof whole === 'string') {
        skipped.push({ relative: open.relative, file: open.display, reason: whole });
        return;
      }
      if (open.candidates >= wanted) {
        const found = findMatchingLines(whole, pattern, wanted);
        if (found.length > 0)
          hits.add({ relative: open.relative, display: open.display, found, lineAt: (line) => whole.line(line - 1) });
        return;
      }
      const lines = open.lines;
      hits.add({
        relative: open.relative,
        display: open.display,
        found: open.found,
        lineAt: (line) => lines.get(line),
      });
    };

    child.stdout.on('data', (chunk: Buffer) => {
      if (stopped) return;
      sawOutput = true;
      buffered += decoder.write(chunk);
      let newline = buffered.indexOf('\n');
      let from = 0;
      while (newline >= 0 && !stopped) {
        handle(parseRipgrepLine(buffered.slice(from, newline)));
        from = newline + 1;
        newline = buffered.indexOf('\n', from);
      }
      buffered = stopped ? '' : buffered.slice(from);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 65536) stderr += chunk.toString('utf8');
    });
    child.on('error', () => {
      settings.signal?.removeEventListener('abort', onAbort);
      resolve(undefined);
    });
    child.on('close', (code) => {
      settings.signal?.removeEventListener('abort', onAbort);
      if (settings.signal?.aborted) return reject(settings.signal.reason);
      // Exit 2 with no output at all: ripgrep refused the pattern (or could not start searching).
      if (code === 2 && !sawOutput && !stderr.includes('No files were searched')) return resolve(undefined);
      for (const path of unreadablePaths(stderr)) {
        const relative = path.replace(/\\/g, '/').replace(/^\.\//, '');
        if (search.filter.allowsFile(relative))
          skipped.push({ relative, file: toDisplayPath(roots, rootIndex, relative), reason: 'unreadable' });
      }
      skipped.sort((a, b) => comparePaths(a.relative, b.relative));
      resolve({ hits: hits.sorted(), skipped: skipped.map(({ file, reason }) => ({ file, reason })) });
    });
  });
}

/** A file's lines, or why it is not searched: the JavaScript engine's rules (binary, too large, private key). */
function readWholeFile(absolutePath: string, maxFileBytes: number): TextLines | SkippedFile['reason'] {
  const content = readCandidateSync(absolutePath, maxFileBytes);
  if (typeof content === 'string') return content;
  const decoded = decodeText(content, 'whole');
  if (decoded.kind === 'binary') return 'binary';
  if (findPrivateKey(decoded.text) !== undefined) return 'private-key';
  return new TextLines(decoded.text);
}

/** Paths from ripgrep's "path: Permission denied (os error 13)" messages. */
function unreadablePaths(stderr: string): string[] {
  const paths: string[] = [];
  for (const line of stderr.split('\n')) {
    const match = /^(?:rg: )?(.+?): .*\(os error \d+\)\s*$/.exec(line);
    if (match !== null) paths.push(match[1] as string);
  }
  return paths;
}
