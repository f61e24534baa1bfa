import type { Confidence, ReferenceSite, SymbolRef, TraceGraph, SymbolEdge } from '../../core/symbols/index';

/** Which language-server answer confirmed a call site. */
type SiteCheck = 'definition' | 'call-hierarchy';

/** A call site after precise mode: the index's site, confirmed (`exact`), or one only the language server found. */
export interface CheckedSite extends ReferenceSite {
  /** Absent when the language server was not asked or did not answer for this site. */
  checkedBy?: SiteCheck;
  /** The index missed this call; the language server's call hierarchy found it. */
  addedByLanguageServer?: true;
}

/** One caller or callee with every call site between the two. */
export interface CallRow {
  symbol: SymbolRef;
  /** The best confidence among the sites. */
  confidence: Confidence;
  lines: number[];
  sites: CheckedSite[];
}

/** What precise mode did for one query. */
export interface PreciseSummary {
  confirmed: number;
  /** Index sites the language server contradicted: its definition at the site is another symbol. */
  dropped: number;
  added: number;
  /** Sites left at their index confidence (no answer, or a limit reached). */
  unchecked: number;
  requests: number;
  /** Set when a limit or a cancellation stopped checking before every site was asked about. */
  stoppedBy?: 'time' | 'requests' | 'cancelled';
  /** False when no language server answered anything: these files have none, or it is still loading. */
  languageServerAnswered: boolean;
}

/** A summary before anything was checked: the start of a refinement and of a sum over several queries. */
export function emptyPreciseSummary(): PreciseSummary {
  return { confirmed: 0, dropped: 0, added: 0, unchecked: 0, requests: 0, languageServerAnswered: false };
}

export interface CheckedEdge extends SymbolEdge {
  checkedBy?: SiteCheck;
}

/** A trace whose edges precise mode checked; `precise` is absent when precise mode was off. */
export interface CheckedTrace extends TraceGraph {
  edges: CheckedEdge[];
  precise?: PreciseSummary;
}

export interface PreciseQueryOptions {
  /** Ask the language server; default true, and only when the `rlm.symbols.preciseMode` setting is on. */
  precise?: boolean;
  signal?: AbortSignal;
}
