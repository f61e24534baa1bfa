/**
 * The compact records the REPL's symbol functions return, shaped the same way whichever index answers (the CLI's
 * own SymbolIndex or the extension's symbol service); each cites `file:line`.
 */
import type { ReferenceSite, SymbolRef, TraceGraph } from '../symbols/symbolTypes';
import type { SymbolCallContext } from './sandboxTypes';

/** Caps on what one call returns, so a common name cannot flood the model's context. */
export interface SymbolResultLimits {
  findResults: number;
  referenceResults: number;
  traceNodes: number;
}

export const defaultSymbolResultLimits: Readonly<SymbolResultLimits> = {
  findResults: 30,
  referenceResults: 100,
  traceNodes: 80,
};

/** A definition as the model sees it. */
export interface SymbolRecord {
  name: string;
  kind: string;
  at: string;
  endLine: number;
  signature: string;
  doc?: string;
}

export interface ReferenceRecord {
  at: string;
  kind: string;
  /** The definition containing the use, or the file for top-level code. */
  in: string;
  confidence: string;
}

export interface TraceRecord {
  roots: string[];
  nodes: { name: string; kind: string; at: string; depth: number }[];
  edges: { from: string; to: string; at: string; confidence: string }[];
  truncated: boolean;
}

type Definition = {
  qualifiedName: string;
  kind: string;
  file: string;
  line: number;
  endLine: number;
  signature: string;
  doc?: string;
};

export function definitionRecord(s: Definition): SymbolRecord {
  const doc = s.doc
    ?.split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '');
  return {
    name: s.qualifiedName,
    kind: s.kind,
    at: `${s.file}:${s.line}`,
    endLine: s.endLine,
    signature: s.signature,
    ...(doc ? { doc: doc.slice(0, 160) } : {}),
  };
}

/** `symbols(path)` of a file the index does not hold. */
export function notInIndexError(file: string): Error {
  return new Error(
    `symbols: ${file} is not in the symbol index (not a supported language, ignored, skipped as too large, minified or holding a private key, or missing); read it with readFile.`,
  );
}

/** `references`/`trace` of a name with no definition. */
export function undefinedSymbolError(fn: string, name: string): Error {
  return new Error(
    `${fn}: no definition named "${name}" in the symbol index; look the name up with findSymbol("${name}") or search with grep.`,
  );
}

/** At most `limits.findResults` of `found` (asked for one more, to know when to say so). */
export function findRecords(
  found: readonly Definition[],
  limits: SymbolResultLimits,
  context: SymbolCallContext,
): SymbolRecord[] {
  if (found.length > limits.findResults)
    context.note?.(`[findSymbol: first ${limits.findResults} matches shown; exact matches come first]`);
  return found.slice(0, limits.findResults).map(definitionRecord);
}

export function referenceRecords(
  found: readonly ReferenceSite[],
  limits: SymbolResultLimits,
  context: SymbolCallContext,
): ReferenceRecord[] {
  const sites = [...found].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  const records = sites.slice(0, limits.referenceResults).map((site) => ({
    at: `${site.file}:${site.line}`,
    kind: site.kind,
    in: refName(site.from),
    confidence: site.confidence,
  }));
  if (sites.length > records.length)
    context.note?.(
      `[references: ${records.length} of ${sites.length} shown; use a qualified name (Class.method) or trace()]`,
    );
  return records;
}

export function traceRecord(graph: TraceGraph, context: SymbolCallContext): TraceRecord {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const label = (id: string): string => {
    const node = byId.get(id);
    return node ? refName(node) : id;
  };
  if (graph.truncated)
    context.note?.(`[trace: stopped at ${graph.nodes.length} nodes; lower depth or pick one direction]`);
  return {
    roots: graph.roots.map((id) => `${label(id)} ${byId.get(id)?.file ?? ''}:${byId.get(id)?.line ?? ''}`),
    nodes: graph.nodes.map((n) => ({ name: refName(n), kind: n.kind, at: `${n.file}:${n.line}`, depth: n.depth })),
    edges: graph.edges.map((e) => ({
      from: label(e.from),
      to: label(e.to),
      at: e.file === undefined ? '' : `${e.file}:${e.line ?? 1}`,
      confidence: e.confidence,
    })),
    truncated: graph.truncated,
  };
}

function refName(ref: SymbolRef): string {
  return ref.kind === 'file' ? `${ref.file} (top level)` : ref.qualifiedName;
}
