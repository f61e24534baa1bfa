/** Settings of the symbol index; defaults live in `defaultSymbolIndexOptions`. */
export interface SymbolIndexOptions {
  /** Files larger than this are skipped as too large. */
  maxFileBytes: number;
  /** A file whose average line is longer than this is taken as minified. */
  minifiedAverageLineChars: number;
  /** A single line longer than this also marks a file as minified. */
  minifiedMaxLineChars: number;
  /** Worker threads for a full build; 0 extracts on the calling thread. */
  workers: number;
  /** Files per message to a worker: large enough to amortize messaging, small enough to balance load. */
  batchSize: number;
  /** Candidates kept for a name-only resolution; more than this are dropped as noise. */
  maxNameCandidates: number;
  /** Cap on nodes a trace returns by default. */
  maxTraceNodes: number;
  /**
   * Changed files a journal beside the persisted snapshot holds (or a tenth of the snapshot, if more); a save with
   * more writes a new snapshot, and a build that parses more writes one as it goes.
   */
  journalFiles: number;
}

export const defaultSymbolIndexOptions: SymbolIndexOptions = {
  maxFileBytes: 1024 * 1024,
  minifiedAverageLineChars: 300,
  minifiedMaxLineChars: 5000,
  workers: 2,
  batchSize: 24,
  maxNameCandidates: 5,
  maxTraceNodes: 200,
  journalFiles: 2000,
};
