/**
 * The free tools (no model call): symbol lookups, traces, search, reads and listings, each answering with compact
 * text for the calling model and the same facts as a structured record. Host-neutral: the MCP server and the VS Code
 * tools both call these with their own workspace and symbol service.
 */
import type { SandboxSymbolService } from '../sandbox/sandboxTypes';
import type { SymbolRecord, TraceRecord } from '../sandbox/symbolRecords';
import type { FileRead, Workspace } from '../workspace/workspace';
import type { FilesInput, FindSymbolInput, ReadInput, SearchInput, TraceInput } from './agentToolSchemas';

/** What a file imports and which files import it, when the host's symbol index can tell. */
interface FileImports {
  imports: { module: string; line: number; files: string[] }[];
  importers: string[];
}

export interface AgentToolBackend {
  workspace: Workspace;
  /** Absent for a multi-root workspace in the CLI (the index covers one root). */
  symbols?: SandboxSymbolService & { imports?(file: string, signal?: AbortSignal): Promise<FileImports | undefined> };
}

export interface ToolAnswer<T> {
  /** What the calling model reads. */
  text: string;
  structured: T;
}

/** A tool that needs the symbol index and has none: says what to use instead. */
class NoSymbolIndexError extends Error {
  constructor(tool: string) {
    super(`${tool}: the symbol index covers a single-folder workspace only. Use rlm_search to find the name instead.`);
    this.name = 'NoSymbolIndexError';
  }
}

function symbolsOf(backend: AgentToolBackend, tool: string): NonNullable<AgentToolBackend['symbols']> {
  if (!backend.symbols) throw new NoSymbolIndexError(tool);
  return backend.symbols;
}

export async function findSymbolTool(
  backend: AgentToolBackend,
  input: FindSymbolInput,
  signal?: AbortSignal,
): Promise<ToolAnswer<{ symbols: SymbolRecord[]; notes: string[] }>> {
  const notes: string[] = [];
  const found = (await symbolsOf(backend, 'rlm_find_symbol').findSymbol(input.name, {
    ...(signal ? { signal } : {}),
    note: (line) => notes.push(line),
  })) as SymbolRecord[];
  const symbols = found
    .filter((symbol) => input.kind === undefined || symbol.kind === input.kind)
    .slice(0, input.max ?? 30);
  if (symbols.length === 0) {
    return {
      text: `No definition matches "${input.name}". Try a shorter name, camel-case initials, or rlm_search.`,
      structured: { symbols, notes },
    };
  }
  const lines = symbols.map((s) => `${s.at}  ${s.kind} ${s.name}  ${s.signature}`);
  return { text: [...lines, ...notes].join('\n'), structured: { symbols, notes } };
}

type TraceAnswer = { roots: string[]; edges: TraceRecord['edges']; truncated: boolean; notes: string[] };

export async function traceTool(
  backend: AgentToolBackend,
  input: TraceInput,
  signal?: AbortSignal,
): Promise<ToolAnswer<TraceAnswer>> {
  const symbols = symbolsOf(backend, 'rlm_trace');
  if (input.direction === 'imports') return importsTrace(symbols, input.target, signal);
  const notes: string[] = [];
  const graph = (await symbols.trace(
    input.target,
    { direction: input.direction, depth: input.depth },
    { ...(signal ? { signal } : {}), note: (line) => notes.push(line) },
  )) as TraceRecord;
  const structured = { roots: graph.roots, edges: graph.edges, truncated: graph.truncated, notes };
  const lines = [
    `${input.direction} of ${graph.roots.join(', ')} (depth ${input.depth}), ${graph.edges.length} edge(s):`,
    ...graph.edges.map((e) => `${e.from} -> ${e.to}  ${e.at || '(no site)'}  [${e.confidence}]`),
    ...notes,
  ];
  return { text: lines.join('\n'), structured };
}

async function importsTrace(
  symbols: NonNullable<AgentToolBackend['symbols']>,
  target: string,
  signal?: AbortSignal,
): Promise<ToolAnswer<TraceAnswer>> {
  const file = target.replace(/\\/g, '/').replace(/^\.\//, '');
  if (!symbols.imports) throw new Error('rlm_trace: this host cannot list imports; trace callers or callees instead.');
  const found = await symbols.imports(file, signal);
  if (!found)
    throw new Error(
      `rlm_trace: ${file} is not in the symbol index (not a supported language, ignored, or missing). Give a workspace file path as rlm_files lists it.`,
    );
  const edges = [
    ...found.imports.flatMap((record) =>
      record.files.length
        ? record.files.map((to) => ({ from: file, to, at: `${file}:${record.line}`, confidence: 'import' }))
        : [{ from: file, to: record.module, at: `${file}:${record.line}`, confidence: 'external' }],
    ),
    ...(await importerSites(symbols, file, found.importers, signal)),
  ];
  const lines = [
    `imports of ${file}: ${found.imports.length}; imported by ${found.importers.length} file(s):`,
    ...edges.map((e) => `${e.from} -> ${e.to}  ${e.at}  [${e.confidence}]`),
  ];
  return { text: lines.join('\n'), structured: { roots: [file], edges, truncated: false, notes: [] } };
}

/** Importers named by the line of their import statement; the first `maxImporterSites` of them, the rest by file. */
const maxImporterSites = 200;

async function importerSites(
  symbols: NonNullable<AgentToolBackend['symbols']>,
  file: string,
  importers: readonly string[],
  signal?: AbortSignal,
): Promise<TraceRecord['edges']> {
  return Promise.all(
    importers.map(async (from, index) => {
      const record =
        index < maxImporterSites
          ? (await symbols.imports?.(from, signal))?.imports.find((r) => r.files.includes(file))
          : undefined;
      return { from, to: file, at: record ? `${from}:${record.line}` : from, confidence: 'import' };
    }),
  );
}

export async function searchTool(
  backend: AgentToolBackend,
  input: SearchInput,
  signal?: AbortSignal,
): Promise<
  ToolAnswer<{
    matches: { file: string; line: number; column: number; text: string; before: string[]; after: string[] }[];
    truncated: boolean;
    skipped: { file: string; reason: string }[];
  }>
> {
  const result = await backend.workspace.grep(input.pattern, {
    maxResults: input.maxResults ?? 100,
    ...(input.glob ? { glob: input.glob } : {}),
    ...(input.caseSensitive !== undefined ? { caseSensitive: input.caseSensitive } : {}),
    ...(input.contextLines !== undefined ? { contextLines: input.contextLines } : {}),
    ...(signal ? { signal } : {}),
  });
  const matches = result.matches.map(({ file, line, column, text, before, after }) => ({
    file,
    line,
    column,
    text,
    before,
    after,
  }));
  const lines = matches.length
    ? matches.map((m) => `${m.file}:${m.line}:${m.column}: ${m.text}`)
    : [`No match for /${input.pattern}/.`];
  if (result.truncated) lines.push(`[first ${matches.length} matches shown; narrow the pattern or the glob]`);
  return { text: lines.join('\n'), structured: { matches, truncated: result.truncated, skipped: result.skipped } };
}

export async function readTool(backend: AgentToolBackend, input: ReadInput): Promise<ToolAnswer<FileRead>> {
  const read = await backend.workspace.readFile(input.path, {
    ...(input.startLine !== undefined ? { startLine: input.startLine } : {}),
    ...(input.endLine !== undefined ? { endLine: input.endLine } : {}),
  });
  const { file, startLine, endLine, totalLines, text, truncationNote } = read;
  const header = `${file}:${startLine}-${endLine} of ${totalLines} lines`;
  return {
    text: [header, text, ...(truncationNote ? [truncationNote] : [])].join('\n'),
    structured: { file, startLine, endLine, totalLines, text, ...(truncationNote ? { truncationNote } : {}) },
  };
}

export async function filesTool(
  backend: AgentToolBackend,
  input: FilesInput,
  signal?: AbortSignal,
): Promise<ToolAnswer<{ files: string[]; total: number; omitted: number }>> {
  const list = await backend.workspace.listFiles(input.glob, {
    maxResults: input.maxResults ?? 500,
    ...(signal ? { signal } : {}),
  });
  const lines = [
    ...list.files,
    ...(list.omitted ? [`... and ${list.omitted} more; narrow the glob`] : []),
    ...(list.skippedIgnoreRules ? [`[${list.skippedIgnoreRules.message}]`] : []),
  ];
  return {
    text: lines.length ? lines.join('\n') : 'No file matches.',
    structured: { files: list.files, total: list.total, omitted: list.omitted },
  };
}
