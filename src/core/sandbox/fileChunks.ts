/**
 * Whole files for sub-calls: read past the per-read line cap in ranges, and split into line-range chunks that each
 * fit one sub-call, cutting at definition ends when the symbol index knows them.
 */
import { conservativeTokens } from '../llm/tokenEstimate';
import type { Workspace } from '../workspace/workspace';
import type { SandboxSymbolService } from './sandboxTypes';

export interface LineRange {
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
}

export interface NumberedFile {
  file: string;
  totalLines: number;
  /** The lines read, in order, each prefixed with its number ("  12| text"), all numbers the same width. */
  lines: string[];
}

/**
 * Reads lines `range` (default: all) with repeated ranged reads, since each read is capped in lines and bytes;
 * files over the workspace's size limit stay refused with its error.
 */
export async function readLines(
  workspace: Workspace,
  path: string,
  range?: LineRange,
  signal?: AbortSignal,
): Promise<NumberedFile> {
  const texts: string[] = [];
  let file = path;
  let totalLines = 0;
  for (let next = range?.startLine ?? 1; ;) {
    signal?.throwIfAborted();
    const read = await workspace.readFile(path, {
      startLine: next,
      endLine: range?.endLine ?? Number.MAX_SAFE_INTEGER,
    });
    file = read.file;
    totalLines = read.totalLines;
    if (read.totalLines === 0) break;
    texts.push(...read.text.split('\n').slice(0, read.endLine - read.startLine + 1));
    const last = Math.min(range?.endLine ?? read.totalLines, read.totalLines);
    if (read.endLine >= last || read.endLine < next) break;
    next = read.endLine + 1;
  }
  const width = String(Math.max(totalLines, 1)).length;
  // Each read pads numbers to its own last line; one width for the whole file keeps chunks alike.
  return {
    file,
    totalLines,
    lines: texts.map((line) => line.replace(/^ *(\d+)\|/, (_, n: string) => `${n.padStart(width)}|`)),
  };
}

/** Definitions of a file as line ranges, from the symbol index; empty when there is none or it cannot tell. */
export async function definitionRanges(
  symbols: SandboxSymbolService | undefined,
  path: string,
  signal?: AbortSignal,
): Promise<LineRange[]> {
  if (!symbols) return [];
  try {
    const records = await symbols.symbols(path, { signal });
    const ranges: LineRange[] = [];
    for (const record of records.slice(0, 20_000)) {
      const { at, endLine } = record as { at?: unknown; endLine?: unknown };
      const startLine = typeof at === 'string' ? Number(/:(\d+)$/.exec(at)?.[1]) : NaN;
      if (Number.isInteger(startLine) && typeof endLine === 'number' && endLine >= startLine)
        ranges.push({ startLine, endLine });
    }
    return ranges;
  } catch {
    return []; // a language the index does not parse: plain line ranges will do
  }
}

/**
 * Chunks covering every line, each at most `budgetTokens` (a single longer line is a chunk of its own). A chunk
 * ends at the last definition end in its second half when there is one; otherwise the next chunk starts at the
 * header of the definition cut through, or, without an index, overlaps the previous one by a few lines.
 */
export function planChunks(
  lines: readonly string[],
  budgetTokens: number,
  definitions: readonly LineRange[] = [],
): LineRange[] {
  const total = lines.length;
  if (total === 0) return [{ startLine: 1, endLine: 0 }];
  const cost = lines.map((line) => conservativeTokens(line) + 1);
  const chunks: LineRange[] = [];
  for (let start = 1; ;) {
    let end = start;
    let used = cost[start - 1];
    while (end < total && used + cost[end] <= budgetTokens) used += cost[end++];
    if (end >= total) {
      chunks.push({ startLine: start, endLine: total });
      return chunks;
    }
    const half = start + Math.floor((end - start) / 2);
    const cleanEnd = definitions.reduce(
      (best, d) => (d.endLine >= half && d.endLine <= end && d.endLine > best ? d.endLine : best),
      0,
    );
    let next: number;
    if (cleanEnd > 0) {
      end = cleanEnd;
      next = cleanEnd + 1;
    } else {
      const cutThrough = definitions.reduce(
        (best, d) =>
          d.startLine > half && d.startLine <= end && d.endLine > end && d.startLine > best ? d.startLine : best,
        0,
      );
      next = cutThrough > 0 ? cutThrough : end + 1 - Math.min(20, Math.floor((end - start + 1) / 10));
    }
    chunks.push({ startLine: start, endLine: end });
    start = Math.max(next, start + 1);
  }
}
