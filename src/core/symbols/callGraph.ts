import * as path from 'node:path';
import type { ReferenceResolver } from './referenceResolver';
import type { DefHandle, SymbolStore } from './symbolStore';
import type { Confidence, FileSymbols, ReferenceSite, SymbolRef } from './symbolTypes';

/** A resolved reference with live handles; `from` undefined means the file's top level. */
export interface ResolvedReference {
  symbols: FileSymbols;
  from: number;
  target: DefHandle;
  site: ReferenceSite;
}

/**
 * Files whose resolved references are kept, least recently used first: on a tree the size of the Linux kernel a
 * few traces through hot names resolve tens of thousands of files, and keeping them all grew past 2 GB.
 */
const memoFiles = 3000;

/** Resolves references on demand and memoizes per file (the most recently used files) until the store changes. */
export class CallGraph {
  private readonly memo = new Map<FileSymbols, { version: number; refs: ResolvedReference[] }>();

  constructor(
    private readonly store: SymbolStore,
    private readonly resolver: ReferenceResolver,
  ) {}

  /**
   * Every resolved reference made in a file. `remember: false` is for a walk that visits each file once (the whole
   * graph): the memo would only pin thousands of files' records and their targets' in memory.
   */
  resolvedIn(symbols: FileSymbols, remember = true): ResolvedReference[] {
    const cached = this.memo.get(symbols);
    if (cached && cached.version === this.store.version) {
      this.memo.delete(symbols);
      this.memo.set(symbols, cached);
      return cached.refs;
    }
    const refs: ResolvedReference[] = [];
    for (const ref of symbols.references) {
      for (const { handle, confidence } of this.resolver.resolve(symbols, ref)) {
        if (handle.symbols === symbols && handle.index === ref.enclosing) continue;
        refs.push({
          symbols,
          from: ref.enclosing,
          target: handle,
          site: {
            file: symbols.file,
            line: ref.line,
            column: ref.column,
            kind: ref.kind,
            confidence,
            from: this.refOf(symbols, ref.enclosing),
            to: this.refOf(handle.symbols, handle.index),
          },
        });
      }
    }
    if (!remember) return refs;
    this.memo.delete(symbols);
    this.memo.set(symbols, { version: this.store.version, refs });
    if (this.memo.size > memoFiles) this.memo.delete(this.memo.keys().next().value as FileSymbols);
    return refs;
  }

  /** Uses of a definition across the workspace: only references spelled with its name are resolved. */
  incoming(target: DefHandle): ResolvedReference[] {
    const name = target.symbols.definitions[target.index].name;
    const files = new Set(this.store.filesReferencing(name));
    // `import { a as b }` makes uses spelled `b` refer to `a`.
    for (const alias of this.store.aliasesOf(name))
      for (const symbols of this.store.filesReferencing(alias)) files.add(symbols);
    const out: ResolvedReference[] = [];
    // By path, so answers do not depend on whether a file comes from the snapshot or was extracted since.
    for (const symbols of [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
      for (const resolved of this.resolvedIn(symbols)) {
        if (resolved.target.symbols === target.symbols && resolved.target.index === target.index) out.push(resolved);
      }
    }
    return out;
  }

  /** References made inside a definition (or a file's top level when `index` is -1). */
  outgoing(symbols: FileSymbols, index: number): ResolvedReference[] {
    return this.resolvedIn(symbols).filter((r) => r.from === index);
  }

  /** A definition or a file's top level (index -1) as a graph node. */
  refOf(symbols: FileSymbols, index: number): SymbolRef {
    if (index < 0) {
      return {
        id: symbols.file,
        name: path.posix.basename(symbols.file),
        qualifiedName: symbols.file,
        kind: 'file',
        file: symbols.file,
        line: 1,
        endLine: lastLine(symbols),
      };
    }
    const def = symbols.definitions[index];
    return {
      id: this.store.idOf(symbols, index),
      name: def.name,
      qualifiedName: def.qualifiedName,
      kind: def.kind,
      file: symbols.file,
      line: def.line,
      endLine: def.endLine,
    };
  }
}

/** Groups sites by the other end, keeping the best confidence: one caller per row. */
export function groupByEnd(
  sites: ReferenceSite[],
  end: 'from' | 'to',
): Array<{ symbol: SymbolRef; confidence: Confidence; lines: number[] }> {
  const rank: Record<Confidence, number> = { exact: 0, import: 1, name: 2 };
  const byId = new Map<string, { symbol: SymbolRef; confidence: Confidence; lines: number[] }>();
  for (const site of sites) {
    const symbol = site[end];
    const row = byId.get(symbol.id);
    if (!row) byId.set(symbol.id, { symbol, confidence: site.confidence, lines: [site.line] });
    else {
      if (rank[site.confidence] < rank[row.confidence]) row.confidence = site.confidence;
      row.lines.push(site.line);
    }
  }
  return [...byId.values()];
}

function lastLine(symbols: FileSymbols): number {
  return symbols.definitions.reduce((max, d) => Math.max(max, d.endLine), 1);
}
