import type { FileToIndex } from './fileExtraction';
import type { PackedOutcome } from './symbolCache';
import type { SymbolIndexOptions } from './symbolIndexOptions';
import type { LanguageId } from './symbolTypes';

/** Passed as `workerData` when a symbol worker starts. */
export interface SymbolWorkerData {
  assetDir?: string;
  limits: Pick<SymbolIndexOptions, 'maxFileBytes' | 'minifiedAverageLineChars' | 'minifiedMaxLineChars'>;
}

/** Host → worker. */
export interface ExtractRequest {
  type: 'extract';
  batchId: number;
  files: FileToIndex[];
}

/** Host → worker: load these grammars now, so the next extract does not wait for them. */
export interface WarmRequest {
  type: 'warm';
  languages: LanguageId[];
}

export type WorkerRequest = ExtractRequest | WarmRequest;

/** Worker → host. */
export type WorkerReply =
  | { type: 'extracted'; batchId: number; outcomes: PackedOutcome[] }
  | { type: 'failed'; batchId: number; message: string };
