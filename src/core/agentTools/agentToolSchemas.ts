/**
 * The tools other agents call (MCP clients through `rlm mcp`, VS Code agent mode through `vscode.lm` tools): names,
 * model-facing descriptions, and input/output schemas. One definition serves both hosts, so a tool means the same
 * everywhere. Every bound here is a bound on hostile input: strings, counts and depths are capped.
 */
import { z } from 'zod';
import { definitionKinds } from '../symbols/symbolTypes';

/** Longest question `rlm_explore` accepts; a longer one is a document, not a question. */
const maxQuestionChars = 4_000;
const maxPatternChars = 1_000;
const maxPathChars = 1_000;
const maxNameChars = 300;

const pathText = z.string().min(1).max(maxPathChars);
const glob = z.string().min(1).max(maxPathChars).describe('Workspace-relative glob, e.g. "src/**/*.ts".');

const exploreInput = {
  question: z
    .string()
    .trim()
    .min(1)
    .max(maxQuestionChars)
    .describe('The question about the workspace, in plain words.'),
  maxIterations: z
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .describe('Root-model turns; lowers the configured limit, never raises it.'),
  maxSubCalls: z
    .number()
    .int()
    .min(0)
    .max(10_000)
    .optional()
    .describe('Sub-model calls across the run; lowers the configured limit.'),
  maxTokens: z
    .number()
    .int()
    .min(1_000)
    .optional()
    .describe('Input plus output tokens across the run; lowers the configured limit.'),
  maxCostUsd: z.number().positive().optional().describe('US dollars across the run; lowers the configured limit.'),
  timeoutSeconds: z
    .number()
    .positive()
    .max(3_600)
    .optional()
    .describe('Wall-clock limit in seconds; lowers the configured limit.'),
};

const totals = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
  costComplete: z.boolean().describe('False when a model had no price: costUsd is then a lower bound.'),
  subCalls: z.number(),
});

const exploreOutput = {
  answer: z.string().describe('The answer, citing path:line; partial when reason is a limit.'),
  reason: z.string().describe('"final", a limit (max-iterations, max-cost...), "cancelled" or "error".'),
  detail: z.string().optional(),
  iterations: z.number(),
  totals,
  durationMs: z.number(),
  runLog: z.string().describe('The JSON Lines run log on disk; `rlm replay FILE` prints it.'),
};

const findSymbolInput = {
  name: z
    .string()
    .trim()
    .min(1)
    .max(maxNameChars)
    .describe('A name, Class.method, or camel-case initials ("gSN" finds getSymbolName).'),
  kind: z.enum(definitionKinds).optional(),
  max: z.number().int().min(1).max(30).optional().describe('At most this many definitions (default 30).'),
};

const symbolRecord = z.object({
  name: z.string(),
  kind: z.string(),
  at: z.string(),
  endLine: z.number(),
  signature: z.string(),
  doc: z.string().optional(),
});

const findSymbolOutput = {
  symbols: z.array(symbolRecord),
  notes: z.array(z.string()),
};

const traceInput = {
  target: z
    .string()
    .trim()
    .min(1)
    .max(maxPathChars)
    .describe('A symbol (name, Class.method) for callers/callees; a workspace file path for imports.'),
  direction: z.enum(['callers', 'callees', 'both', 'imports']).default('callees'),
  depth: z.number().int().min(1).max(5).default(2).describe('Hops from the target (callers/callees only).'),
};

const traceOutput = {
  roots: z.array(z.string()),
  edges: z.array(z.object({ from: z.string(), to: z.string(), at: z.string(), confidence: z.string() })),
  truncated: z.boolean(),
  notes: z.array(z.string()),
};

const searchInput = {
  pattern: z
    .string()
    .min(1)
    .max(maxPatternChars)
    .describe('A regular expression in RE2 syntax (no lookaround or backreferences).'),
  glob: glob.optional(),
  caseSensitive: z.boolean().optional(),
  maxResults: z.number().int().min(1).max(500).optional().describe('Default 100.'),
  contextLines: z.number().int().min(0).max(5).optional(),
};

const grepMatch = z.object({
  file: z.string(),
  line: z.number(),
  column: z.number(),
  text: z.string(),
  before: z.array(z.string()),
  after: z.array(z.string()),
});

const searchOutput = {
  matches: z.array(grepMatch),
  truncated: z.boolean(),
  skipped: z.array(z.object({ file: z.string(), reason: z.string() })),
};

const readInput = {
  path: pathText.describe('Workspace-relative path.'),
  startLine: z.number().int().min(1).optional(),
  endLine: z.number().int().min(1).optional(),
};

const readOutput = {
  file: z.string(),
  startLine: z.number(),
  endLine: z.number(),
  totalLines: z.number(),
  text: z.string().describe('The lines, each prefixed with its number ("  12| text").'),
  truncationNote: z.string().optional(),
};

const filesInput = {
  glob: glob.optional(),
  maxResults: z.number().int().min(1).max(5_000).optional().describe('Default 500.'),
};

const filesOutput = {
  files: z.array(z.string()),
  total: z.number(),
  omitted: z.number(),
};

export interface AgentToolInfo {
  name: string;
  title: string;
  /** Says when to use the tool and what it costs, for the calling model. */
  description: string;
  /** True when the tool only reads (MCP's readOnlyHint); rlm_explore spends model calls. */
  readOnly: boolean;
}

/** The tool texts, by name; hosts register from these. */
export const agentTools = {
  rlm_explore: {
    name: 'rlm_explore',
    title: 'Explore the codebase (RLM)',
    description:
      'Answers a question about this workspace by running a Recursive Language Model: a model explores the code ' +
      'with searches, reads, the symbol index, sub-models and child explorers, and returns a short answer citing ' +
      'path:line. Use it for questions that would need many files read (how does X work, where is Y decided, what ' +
      'calls Z and why): the exploration happens outside your context, which receives only the answer. It costs ' +
      'model calls (typically 3-12 root turns plus sub-calls; tokens and cost are reported with the answer, bounded ' +
      'by the configured limits) and takes seconds to minutes. For a single lookup use rlm_find_symbol, rlm_trace ' +
      'or rlm_search instead: they are free and instant.',
    readOnly: false,
  },
  rlm_find_symbol: {
    name: 'rlm_find_symbol',
    title: 'Find a definition',
    description:
      'Finds where a function, class, method or other definition is declared, by name, Class.method or camel-case ' +
      'initials, from the tree-sitter symbol index. Returns kind, path:line and signature. Free (no model call), fast.',
    readOnly: true,
  },
  rlm_trace: {
    name: 'rlm_trace',
    title: 'Trace callers, callees or imports',
    description:
      'Follows the call graph from a symbol (callers, callees or both, to a depth) or the imports of a file (what it ' +
      'imports and which files import it). Each edge gives path:line and how sure the index is (exact, import, name). ' +
      'Free (no model call), fast; use it before reading files to know which ones matter.',
    readOnly: true,
  },
  rlm_search: {
    name: 'rlm_search',
    title: 'Search the workspace',
    description:
      'Searches file contents with a regular expression (RE2 syntax), honouring .gitignore, the workspace excludes ' +
      'and never reading secret files (.env, keys). Returns path:line:column and the line. Free, fast.',
    readOnly: true,
  },
  rlm_read: {
    name: 'rlm_read',
    title: 'Read lines of a file',
    description:
      'Reads a line range of a workspace file (never a secret file), numbered. Free; read ranges, not whole large files.',
    readOnly: true,
  },
  rlm_files: {
    name: 'rlm_files',
    title: 'List files',
    description: 'Lists workspace files matching a glob, honouring .gitignore and the workspace excludes. Free.',
    readOnly: true,
  },
} as const satisfies Record<string, AgentToolInfo>;

export type AgentToolName = keyof typeof agentTools;

/** The tools VS Code's agent mode gets (rlm_read and rlm_files are MCP-only: agent mode reads files itself). */
export const vscodeAgentTools = [
  'rlm_explore',
  'rlm_find_symbol',
  'rlm_trace',
  'rlm_search',
] as const satisfies readonly AgentToolName[];

type Shape = Record<string, z.ZodType>;
type InputOf<S extends Shape> = z.output<z.ZodObject<S>>;

export type ExploreInput = InputOf<typeof exploreInput>;
export type FindSymbolInput = InputOf<typeof findSymbolInput>;
export type TraceInput = InputOf<typeof traceInput>;
export type SearchInput = InputOf<typeof searchInput>;
export type ReadInput = InputOf<typeof readInput>;
export type FilesInput = InputOf<typeof filesInput>;

/** Input and output shapes by tool, for registration loops and for the JSON schemas of package.json. */
export const agentToolShapes = {
  rlm_explore: { input: exploreInput, output: exploreOutput },
  rlm_find_symbol: { input: findSymbolInput, output: findSymbolOutput },
  rlm_trace: { input: traceInput, output: traceOutput },
  rlm_search: { input: searchInput, output: searchOutput },
  rlm_read: { input: readInput, output: readOutput },
  rlm_files: { input: filesInput, output: filesOutput },
} as const satisfies Record<AgentToolName, { input: Shape; output: Shape }>;

/** A tool's input as JSON Schema (what package.json's `languageModelTools` declares; a unit test keeps them equal). */
export function agentToolInputJsonSchema(name: AgentToolName): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(z.object(agentToolShapes[name].input), {
    io: 'input',
  }) as Record<string, unknown>;
  return schema;
}
