/** Tuning of the VS Code symbol service; defaults live in `defaultSymbolServiceOptions`. */
export interface SymbolServiceOptions {
  /** Quiet time after the last file event before the index is updated. */
  updateDebounceMs: number;
  /** Quiet time after the last update before the cache is rewritten (whole, on the extension host thread); a stale cache only costs re-parsing the files changed since. */
  saveDebounceMs: number;
  /** Above this many files in one batch, update through a build (worker threads) instead of file by file. */
  bulkUpdateFiles: number;
  precise: PreciseLimits;
}

/** Bounds of one precise-mode query: language servers can be slow, so every query has a ceiling. */
export interface PreciseLimits {
  /** Wall time for all language-server requests of one query; what is unchecked by then keeps its index confidence. */
  timeoutMs: number;
  /** Language-server requests per query (definition lookups and call-hierarchy calls). */
  maxRequests: number;
  /** Requests in flight at once. */
  concurrency: number;
}

export const defaultSymbolServiceOptions: SymbolServiceOptions = {
  updateDebounceMs: 300,
  saveDebounceMs: 30_000,
  bulkUpdateFiles: 16,
  precise: {
    timeoutMs: 10_000,
    maxRequests: 200,
    concurrency: 8,
  },
};
