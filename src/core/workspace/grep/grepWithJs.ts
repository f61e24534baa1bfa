import { findMatchingLines, TextLines } from './findMatchingLines';
import { CooperativeClock } from '../files/cooperativeClock';
import type { CandidateContent } from '../files/readRegularFile';
import { GrepCollector } from './grepCollector';
import type { GrepSettings } from './grepCollector';
import type { SearchPattern } from '../regex/compileSearchPattern';
import { decodeText } from '../text/decodeText';
import { findPrivateKey } from '../text/findPrivateKey';
import type { GrepResult } from '../workspace';

export type { CandidateContent };

export interface JsGrepSource<File> {
  /** The files to search, in the order results should come (tree order). */
  files: readonly File[];
  displayPath(file: File): string;
  /** Reads a file unless it is larger than `maxBytes`; never throws. */
  read(file: File, maxBytes: number): Promise<CandidateContent>;
}

/** Reads run ahead of the search by this many files, so the disk and the regex work at the same time. */
const readAhead = 8;

/**
 * The JavaScript search engine, for any file source (Node's fs, VS Code's workspace.fs): the same matches
 * as ripgrep, binary files (NUL anywhere, after BOM decoding), files over `maxFileBytes` and files holding a
 * private key skipped.
 */
export async function grepWithJs<File>(
  source: JsGrepSource<File>,
  pattern: SearchPattern,
  settings: GrepSettings,
): Promise<GrepResult> {
  const collector = new GrepCollector(settings);
  const clock = new CooperativeClock();
  const pending: Promise<CandidateContent>[] = [];
  const startRead = (index: number): void => {
    const file = source.files[index];
    if (file !== undefined)
      pending[index] = source.read(file, settings.maxFileBytes).catch(() => 'unreadable' as const);
  };
  for (let index = 0; index < readAhead; index++) startRead(index);
  for (let index = 0; index < source.files.length && !collector.done; index++) {
    settings.signal?.throwIfAborted();
    await clock.maybeYield(settings.signal);
    startRead(index + readAhead);
    const content = await (pending[index] as Promise<CandidateContent>);
    delete pending[index];
    const file = source.displayPath(source.files[index] as File);
    if (content === 'too-large' || content === 'unreadable') {
      collector.skip(file, content);
      continue;
    }
    const decoded = decodeText(content, 'whole');
    if (decoded.kind === 'binary') {
      collector.skip(file, 'binary');
      continue;
    }
    if (findPrivateKey(decoded.text) !== undefined) {
      collector.skip(file, 'private-key');
      continue;
    }
    const lines = new TextLines(decoded.text);
    const found = findMatchingLines(lines, pattern, collector.wanted);
    if (found.length > 0) collector.addFile(file, found, (line) => lines.line(line - 1));
  }
  settings.signal?.throwIfAborted();
  return collector.result('js');
}
