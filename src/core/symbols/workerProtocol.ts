import type { MessagePort } from 'node:worker_threads';
import type { FileToIndex } from './fileExtraction';
import type { SnapshotFile } from './indexSnapshot';
import type { PackedOutcome } from './symbolCache';
import type { SymbolIndexOptions } from './symbolIndexOptions';
import type { LanguageId } from './symbolTypes';

/** Passed as `workerData` when a symbol worker starts. */
export interface SymbolWorkerData {
  assetDir?: string;
  limits: Pick<SymbolIndexOptions, 'maxFileBytes' | 'minifiedAverageLineChars' | 'minifiedMaxLineChars'>;
  /** Where extracted files go instead of back to the starting thread: a snapshot writer worker. */
  writerPort?: MessagePort;
  /** A build's worker, run below the starting thread's priority; one-file updates are not. */
  background?: boolean;
  /** The update worker: keeps the last files' syntax trees, so a file saved again is re-parsed incrementally. */
  keepTrees?: boolean;
}

/** Passed as `workerData` when the same bundle starts as the snapshot writer of a build. */
export interface SnapshotWriterData {
  role: 'snapshot-writer';
  target: string;
  format: string;
  settings: string;
}

/** A file to keep in the new snapshot, as a message can carry it (records as bytes). */
export type SnapshotFileData = Omit<SnapshotFile, 'records'> & { recordBytes?: Uint8Array };

/** Starting thread → snapshot writer. */
export type WriterRequest =
  | { type: 'connect'; port: MessagePort }
  | { type: 'keep'; files: SnapshotFileData[] }
  | { type: 'keep-snapshot'; token: string; gone: Uint8Array }
  | { type: 'finish'; expected: number };

/** Extraction worker → snapshot writer. */
export interface ForwardedOutcomes {
  type: 'outcomes';
  outcomes: PackedOutcome[];
}

/** Snapshot writer → starting thread. */
export type WriterReply = { type: 'written'; files: number } | { type: 'failed'; message: string };

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
  | {
      type: 'extracted';
      batchId: number;
      outcomes: PackedOutcome[];
      /** Files sent to the snapshot writer instead (when the worker has one). */
      forwarded?: string[];
    }
  | { type: 'failed'; batchId: number; message: string };
