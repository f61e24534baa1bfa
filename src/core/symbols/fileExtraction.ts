import * as fs from 'node:fs';
import type { GrammarLoader } from './grammarLoader';
import { GrammarLoadError } from './grammarLoadError';
import { skipByContent, skipByName } from './fileFilter';
import { languageForPath } from './languages';
import { extractSymbols } from './symbolExtractor';
import type { SyntaxTreeCache } from './syntaxTreeCache';
import type { SymbolIndexOptions } from './symbolIndexOptions';
import type { FileSymbols, SkippedSymbolFile } from './symbolTypes';

/** One file to index: its workspace-relative path and where it is on disk. */
export interface FileToIndex {
  file: string;
  fsPath: string;
}

/** What indexing one file gave; `mtimeMs`/`size` key the cache entry. */
export type FileOutcome =
  | { kind: 'indexed'; file: string; mtimeMs: number; size: number; symbols: FileSymbols }
  | { kind: 'skipped'; file: string; mtimeMs: number; size: number; skipped: SkippedSymbolFile };

type ExtractionLimits = Pick<SymbolIndexOptions, 'maxFileBytes' | 'minifiedAverageLineChars' | 'minifiedMaxLineChars'>;

/**
 * Reads, filters and extracts one file; never throws, so one bad file cannot stop an index build.
 * Reads are synchronous: this runs on worker threads (or for a single updated file), and per-file async I/O left the parser idle.
 */
export async function extractFileFromDisk(
  loader: GrammarLoader,
  target: FileToIndex,
  limits: ExtractionLimits,
  trees?: SyntaxTreeCache,
): Promise<FileOutcome> {
  const { file } = target;
  let mtimeMs = 0;
  let size = 0;
  const skipped = (reason: SkippedSymbolFile['reason'], detail: string): FileOutcome => ({
    kind: 'skipped',
    file,
    mtimeMs,
    size,
    skipped: { file, reason, detail },
  });
  try {
    const stat = fs.statSync(target.fsPath);
    mtimeMs = stat.mtimeMs;
    size = stat.size;
    const language = languageForPath(file);
    if (!language) return skipped('grammar-unavailable', 'no grammar for this extension');
    if (size > limits.maxFileBytes) return skipped('too-large', `${size} bytes > ${limits.maxFileBytes}`);
    const byName = skipByName(file);
    if (byName) return skipped(byName.reason, byName.detail);
    const text = fs.readFileSync(target.fsPath, 'utf8');
    const byContent = skipByContent(text, limits);
    if (byContent) return skipped(byContent.reason, byContent.detail);
    let grammar;
    try {
      grammar = await loader.load(language);
    } catch (error) {
      return skipped('grammar-unavailable', error instanceof GrammarLoadError ? error.message : String(error));
    }
    return { kind: 'indexed', file, mtimeMs, size, symbols: extractSymbols(grammar, file, text, trees) };
  } catch (error) {
    return skipped('unreadable', error instanceof Error ? error.message : String(error));
  }
}
