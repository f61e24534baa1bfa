import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SymbolIndex } from '../../../src/core/symbols/symbolIndex';
import type { Confidence, ReferenceSite } from '../../../src/core/symbols/symbolTypes';
import type { CallRow } from '../../../src/vscode/symbols/preciseTypes';
import type { TraceQueries } from '../../../src/vscode/trace/traceTreeNodes';

const rank: Record<Confidence, number> = { exact: 0, import: 1, name: 2 };

/** The trace tree's queries answered by a real core index, the way VscodeSymbolService answers them without precise mode. */
export function indexQueries(index: SymbolIndex, asked: string[] = []): TraceQueries {
  return {
    async callers(symbol) {
      asked.push(`callers ${symbol}`);
      return rows(
        index.references(symbol).filter((s) => s.kind !== 'type'),
        'from',
      );
    },
    async callees(symbol) {
      asked.push(`callees ${symbol}`);
      const targets = new Set(
        index
          .trace(symbol, { direction: 'callees', depth: 1 })
          .edges.filter((e) => e.from === symbol)
          .map((e) => e.to),
      );
      return rows(
        [...targets].flatMap((to) => index.references(to).filter((s) => s.from.id === symbol && s.kind !== 'type')),
        'to',
      );
    },
    async imports(file) {
      asked.push(`imports ${file}`);
      return index.imports(file);
    },
    async importers(file) {
      asked.push(`importers ${file}`);
      return index.importers(file);
    },
  };
}

function rows(sites: ReferenceSite[], end: 'from' | 'to'): CallRow[] {
  const byId = new Map<string, CallRow>();
  for (const site of sites) {
    const row = byId.get(site[end].id);
    if (!row)
      byId.set(site[end].id, { symbol: site[end], confidence: site.confidence, lines: [site.line], sites: [site] });
    else {
      if (rank[site.confidence] < rank[row.confidence]) row.confidence = site.confidence;
      row.lines.push(site.line);
      row.sites.push(site);
    }
  }
  return [...byId.values()].sort((a, b) => a.symbol.file.localeCompare(b.symbol.file) || a.symbol.line - b.symbol.line);
}

/** A scratch repo with two functions that call each other, for cycle marks (the index drops self-calls). */
export function writeCycleRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-trace-'));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(
    path.join(dir, 'src', 'ping.ts'),
    [
      "import { pong } from './pong';",
      '',
      'export function ping(n: number): number {',
      '  return n <= 0 ? 0 : pong(n - 1);',
      '}',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'src', 'pong.ts'),
    [
      "import { ping } from './ping';",
      '',
      'export function pong(n: number): number {',
      '  return ping(n);',
      '}',
      '',
    ].join('\n'),
  );
  return dir;
}
