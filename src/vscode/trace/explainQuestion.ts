import type { ChatContext } from '../../core/protocol/chatProtocol';
import type { ResolvedImport, SymbolRef } from '../../core/symbols/index';
import type { CallRow } from '../symbols/preciseTypes';

export interface TraceNeighbourhood {
  root: SymbolRef;
  callers: readonly CallRow[];
  callees: readonly CallRow[];
  imports: readonly ResolvedImport[];
}

/** Rows listed per section: the question stays compact; the model can ask the index for the rest. */
export const maxListed = 25;

/**
 * The "Explain with RLM" question: the symbol and its direct callers, callees and file imports with file:line and
 * how each edge was resolved, so the run starts from the traced facts instead of searching for them again.
 */
export function explainQuestion(trace: TraceNeighbourhood): string {
  const { root } = trace;
  const lines = [
    `Explain what \`${root.qualifiedName}\` (${root.kind}, ${root.file}:${root.line}) does and how it fits into the code around it: ` +
      'who calls it and why, what it relies on, and anything surprising. Read the code before answering and cite file:line.',
    '',
    'The dependency trace so far (confidence: exact = same scope or confirmed, import = through an import, name = name match only):',
  ];
  lines.push(
    ...section(
      'Callers',
      trace.callers,
      (row) =>
        `${row.symbol.qualifiedName} at ${row.symbol.file}:${row.symbol.line}, calls it on line ${row.lines.join(', ')} (${row.confidence})`,
    ),
  );
  lines.push(
    ...section(
      'Callees',
      trace.callees,
      (row) =>
        `${row.symbol.qualifiedName} at ${row.symbol.file}:${row.symbol.line}, called on line ${row.lines.join(', ')} (${row.confidence})`,
    ),
  );
  lines.push(
    ...section(`Imports of ${root.file}`, trace.imports, (record) => {
      const names = record.names.map((n) => (n.alias ? `${n.name} as ${n.alias}` : n.name)).join(', ');
      return `${record.module}${record.files[0] ? ` → ${record.files[0]}` : ''} (line ${record.line}${names ? `: ${names}` : ''})`;
    }),
  );
  return lines.join('\n');
}

/** What Explain with RLM asks: a short question the chat shows, with the traced neighbourhood attached as context. */
export interface ExplainRequest {
  question: string;
  context: ChatContext;
}

export function explainRequest(trace: TraceNeighbourhood): ExplainRequest {
  const { root } = trace;
  const symbols = new Set([
    root.id,
    ...trace.callers.map((row) => row.symbol.id),
    ...trace.callees.map((row) => row.symbol.id),
  ]);
  const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
  return {
    question: `Explain ${root.qualifiedName}'s dependencies (${plural(symbols.size, 'symbol')})`,
    context: {
      label: `Dependency trace of ${root.qualifiedName}: ${plural(trace.callers.length, 'caller')}, ${plural(trace.callees.length, 'callee')}, ${plural(trace.imports.length, 'import')}`,
      text: explainQuestion(trace),
    },
  };
}

function section<T>(title: string, rows: readonly T[], describe: (row: T) => string): string[] {
  if (rows.length === 0) return [`${title}: none found.`];
  const listed = rows.slice(0, maxListed).map((row) => `- ${describe(row)}`);
  if (rows.length > maxListed) listed.push(`- … and ${rows.length - maxListed} more`);
  return [`${title} (${rows.length}):`, ...listed];
}
