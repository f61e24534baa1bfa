import type { SymbolInfo } from '../../core/symbols/index';

export interface SymbolChoice {
  /** The one definition meant, when the position decides it. */
  pick?: SymbolInfo;
  /** Every candidate, those in the current file first (for a quick pick when `pick` is absent). */
  ordered: SymbolInfo[];
}

/**
 * Which definition of a name the cursor means: the innermost one in this file whose declaration contains the
 * cursor line, else the only one in this file, else the only one anywhere. `file` is workspace-relative.
 */
export function pickSymbolAt(candidates: readonly SymbolInfo[], file: string, line: number): SymbolChoice {
  const here = candidates.filter((s) => s.file === file);
  const ordered = [...here, ...candidates.filter((s) => s.file !== file)];
  const around = here
    .filter((s) => s.startLine <= line && line <= s.endLine)
    .sort((a, b) => a.endLine - a.startLine - (b.endLine - b.startLine));
  if (around[0]) return { pick: around[0], ordered };
  if (here.length === 1) return { pick: here[0], ordered };
  if (candidates.length === 1) return { pick: candidates[0], ordered };
  return { ordered };
}
