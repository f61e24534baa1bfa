/**
 * The model-facing REPL functions, defined once. The sandbox bindings, the system-prompt section and the
 * README reference are all generated from this table.
 */
import type { SandboxDependencies, SandboxLimits, SymbolCallContext } from './sandboxTypes';
import {
  optionalInteger,
  optionalObject,
  optionalString,
  maxNameChars,
  maxPathChars,
  requireString,
  requireStringArray,
  ReplArgumentError,
} from './replArguments';
import { isRunStoppingError } from './sandboxTypes';
import { conservativeTokens } from '../llm/tokenEstimate';
import { llmMapFiles } from './llmMapFiles';
import { distinguishingLabels } from './subCallLabels';

/** Where a cell's text goes; all a sync function may touch (sync functions run inside the sandbox worker). */
export interface CellSinks {
  /** Appends a line to the cell output (truncation notes and the like). */
  note(line: string): void;
  print(text: string): void;
  final(answer: string): void;
}

/** What a host function can reach: the session's dependencies plus the running cell's sinks. */
export interface ReplHost extends SandboxDependencies, CellSinks {
  signal: AbortSignal;
  limits: SandboxLimits;
}

type ReplGroup = 'workspace' | 'symbols' | 'models' | 'control';

interface ReplFunctionInfo {
  name: string;
  /** As the model should call it, with the return type after the arrow. */
  signature: string;
  /** One line, imperative, for the prompt and the docs. */
  doc: string;
  group: ReplGroup;
}

/** Suspends the sandbox while the host works (workspace, models); runs on the host side. */
interface AsyncReplFunction extends ReplFunctionInfo {
  mode: 'async';
  run(host: ReplHost, args: readonly unknown[]): unknown;
}

/** Returns at once and only writes to the cell (print, FINAL); runs next to the sandbox. */
export interface SyncReplFunction extends ReplFunctionInfo {
  mode: 'sync';
  run(sinks: CellSinks, args: readonly unknown[]): unknown;
}

export type ReplFunction = AsyncReplFunction | SyncReplFunction;

const defaultGrepResults = 200;
const maxGrepResults = 2000;
/** Longest answer FINAL takes; the rest is cut with a note (an answer is read, not a dump). */
const maxAnswerChars = 500_000;

export const replFunctions: readonly ReplFunction[] = [
  {
    name: 'listFiles',
    group: 'workspace',
    mode: 'async',
    signature: 'listFiles(glob?) → string[]',
    doc: 'Workspace-relative paths matching a glob (e.g. "src/**/*.ts"), sorted; ignored and secret files are left out.',
    async run(host, [glob]) {
      const list = await host.workspace.listFiles(optionalString('listFiles', 'glob', glob), { signal: host.signal });
      if (list.omitted > 0)
        host.note(`[listFiles: ${list.files.length} of ${list.total} paths shown; narrow the glob]`);
      // Why a listing is (nearly) empty, or may show files a rule meant to hide: the model should know both.
      if (list.hidden) host.note(`[listFiles: ${list.hidden.message}]`);
      if (list.skippedIgnoreRules) host.note(`[listFiles: ${list.skippedIgnoreRules.message}]`);
      return list.files;
    },
  },
  {
    name: 'grep',
    group: 'workspace',
    mode: 'async',
    signature: 'grep(pattern, {glob?, caseSensitive?, maxResults?, contextLines?}?) → {file, line, text}[]',
    doc: 'RE2 regex search over file contents (no lookaround or backreferences); each match has its 1-based line (and before/after lines when contextLines > 0).',
    async run(host, [pattern, options]) {
      const o = optionalObject('grep', 'options', options);
      const result = await host.workspace.grep(requireString('grep', 'pattern', pattern), {
        glob: optionalString('grep', 'glob', o.glob),
        caseSensitive: o.caseSensitive === true,
        // Model code may ask for more, but never past a cap that keeps host memory and the cell's JSON bounded.
        maxResults: Math.min(optionalInteger('grep', 'maxResults', o.maxResults) ?? defaultGrepResults, maxGrepResults),
        contextLines: optionalInteger('grep', 'contextLines', o.contextLines, 0),
        signal: host.signal,
      });
      if (result.truncated)
        host.note(`[grep: stopped at ${result.matches.length} matches; narrow the pattern or glob]`);
      return result.matches.map((m) =>
        m.before.length || m.after.length
          ? { file: m.file, line: m.line, text: m.text, before: m.before, after: m.after }
          : { file: m.file, line: m.line, text: m.text },
      );
    },
  },
  {
    name: 'readFile',
    group: 'workspace',
    mode: 'async',
    signature: 'readFile(path, startLine?, endLine?) → string',
    doc: 'Lines of a file, each prefixed with its number ("  12| ..."); long files are cut with a note saying how to read on.',
    async run(host, [path, start, end]) {
      // readFile(path, {startLine, endLine}) too: the options-object habit of the other functions.
      const range =
        start !== null && typeof start === 'object' && !Array.isArray(start)
          ? (start as Record<string, unknown>)
          : { startLine: start, endLine: end };
      const read = await host.workspace.readFile(requireString('readFile', 'path', path, maxPathChars), {
        startLine: optionalInteger('readFile', 'startLine', range.startLine),
        endLine: optionalInteger('readFile', 'endLine', range.endLine),
      });
      host.onFileTouched?.(read.file);
      return read.truncationNote ? `${read.text}\n${read.truncationNote}` : read.text;
    },
  },
  symbolLookup(
    'symbols',
    'path',
    'symbols(path) → {name, kind, at, endLine, signature, doc?}[]',
    'Definitions in one file (classes, functions, methods...), each with `at` = "path:line" and its signature line.',
  ),
  symbolLookup(
    'findSymbol',
    'name',
    'findSymbol(name) → {name, kind, at, endLine, signature, doc?}[]',
    'Where a symbol is defined across the workspace (plain or qualified name, e.g. "Parser.parse").',
  ),
  symbolLookup(
    'references',
    'name',
    'references(name) → {at, kind, in, confidence}[]',
    'Where a symbol is used (calls, `new`, type uses): `at` = "path:line", `in` = the enclosing definition; confidence exact|import|name.',
  ),
  {
    name: 'trace',
    group: 'symbols',
    mode: 'async',
    signature: 'trace(name, {direction: "callers"|"callees"|"both", depth}) → {roots, nodes, edges, truncated}',
    doc: 'The call graph around a symbol, up to depth hops: nodes {name, kind, at, depth}, edges {from, to, at, confidence}.',
    run(host, [name, options]) {
      const o = optionalObject('trace', 'options', options);
      const direction = o.direction ?? 'both';
      if (direction !== 'callers' && direction !== 'callees' && direction !== 'both') {
        throw new ReplArgumentError('trace', 'direction must be "callers", "callees" or "both".');
      }
      const depth = optionalInteger('trace', 'depth', o.depth) ?? 2;
      return symbolService(host, 'trace').trace(
        requireString('trace', 'name', name, maxNameChars),
        { direction, depth },
        symbolContext(host),
      );
    },
  },
  {
    name: 'llm',
    group: 'models',
    mode: 'async',
    signature: 'llm(prompt, {system?, maxTokens?}?) → string',
    doc: 'One sub-model call; put the text it needs in the prompt (it cannot see the workspace).',
    async run(host, [prompt, options]) {
      const o = optionalObject('llm', 'options', options);
      const text = requireString('llm', 'prompt', prompt);
      return host.subCall(
        text,
        { ...(await fittingSubCallOptions(host, 'llm', o)), note: (line) => host.note(line) },
        host.signal,
      );
    },
  },
  {
    name: 'llmBatch',
    group: 'models',
    mode: 'async',
    signature: 'llmBatch(prompts, {system?, maxTokens?}?) → string[]',
    doc: 'Several sub-model calls in parallel, answers in prompt order; a failed one reads "[llm error: ...]".',
    async run(host, [prompts, options]) {
      const list = requireFanOutList(host, 'llmBatch', 'prompts', prompts);
      const o = {
        ...(await fittingSubCallOptions(host, 'llmBatch', optionalObject('llmBatch', 'options', options))),
        note: (line: string) => host.note(line),
      };
      const labels = distinguishingLabels(list);
      return fanOut(
        host,
        list.map((prompt, i) => ({ prompt, label: labels[i] })),
        (item) => host.subCall(item.prompt, { ...o, label: item.label }, host.signal),
      );
    },
  },
  {
    name: 'llmMap',
    group: 'models',
    mode: 'async',
    signature:
      'llmMap(files, instruction, {system?, maxTokens?, combine?: "concat"|"reduce"}?) → {file, answer, chunks}[]',
    doc: 'One sub-model call per file with its numbered lines and the instruction (a long file is read in chunks, answers joined with their line ranges, or merged with combine "reduce"); the content never enters your context.',
    async run(host, [files, instruction, options]) {
      const list = requireFanOutList(host, 'llmMap', 'files', files);
      const task = requireString('llmMap', 'instruction', instruction);
      const raw = optionalObject('llmMap', 'options', options);
      const combine = raw.combine ?? 'concat';
      if (combine !== 'concat' && combine !== 'reduce')
        throw new ReplArgumentError('llmMap', 'combine must be "concat" or "reduce".');
      return llmMapFiles(host, list, task, await fittingSubCallOptions(host, 'llmMap', raw), combine, fanOut);
    },
  },
  {
    name: 'rlm',
    group: 'models',
    mode: 'async',
    signature: 'rlm(question, {maxIterations?}?) → string',
    doc: 'A child explorer with its own REPL answers a sub-question (slower than llm, but it can read the workspace).',
    run(host, [question, options]) {
      const o = optionalObject('rlm', 'options', options);
      return host.childRun(
        requireString('rlm', 'question', question),
        { maxIterations: optionalInteger('rlm', 'maxIterations', o.maxIterations) },
        host.signal,
      );
    },
  },
  {
    name: 'print',
    group: 'control',
    mode: 'sync',
    signature: 'print(...values)',
    doc: 'Shows values in the output you get back (objects as JSON); output is capped, so print summaries, not whole files.',
    run(host, [text]) {
      host.print(String(text));
    },
  },
  {
    name: 'FINAL',
    group: 'control',
    mode: 'sync',
    signature: 'FINAL(answer)',
    doc: 'Ends the run with this answer (markdown; cite evidence as path:line).',
    run(host, [answer]) {
      // undefined (an empty search's `hits[0]?.file`, or no argument) arrives as null.
      if (answer === undefined || answer === null || (typeof answer === 'string' && !answer.trim()))
        throw new ReplArgumentError(
          'FINAL',
          `got ${answer === '' ? 'an empty string' : 'nothing (undefined or null)'}: the value you passed holds no answer. Check it, then call FINAL with the answer text.`,
        );
      const text = typeof answer === 'string' ? answer : JSON.stringify(answer, null, 2);
      host.final(
        text.length > maxAnswerChars
          ? `${text.slice(0, maxAnswerChars)}\n\n[answer cut at ${maxAnswerChars} of ${text.length} characters]`
          : text,
      );
    },
  },
];

/** symbols(path), findSymbol(name), references(name): one string in, the symbol service's records out. */
function symbolLookup(
  name: 'symbols' | 'findSymbol' | 'references',
  arg: 'path' | 'name',
  signature: string,
  doc: string,
): AsyncReplFunction {
  return {
    name,
    group: 'symbols',
    mode: 'async',
    signature,
    doc,
    run: (host, [value]) =>
      symbolService(host, name)[name](
        requireString(name, arg, value, arg === 'path' ? maxPathChars : maxNameChars),
        symbolContext(host),
      ),
  };
}

function symbolService(host: ReplHost, fn: string): NonNullable<ReplHost['symbols']> {
  if (!host.symbols)
    throw new ReplArgumentError(fn, 'the symbol index is not available in this session; use grep and readFile.');
  return host.symbols;
}

function symbolContext(host: ReplHost): SymbolCallContext {
  return { signal: host.signal, note: (line) => host.note(line) };
}

function subCallOptions(fn: string, o: Record<string, unknown>): { system?: string; maxTokens?: number } {
  return { system: optionalString(fn, 'system', o.system), maxTokens: optionalInteger(fn, 'maxTokens', o.maxTokens) };
}

/**
 * The options of a sub-call, with a system text that fits: fitting a prompt to the sub-model's window cuts the
 * prompt, never the system message, so a system text longer than half the prompt room is refused here, with what
 * to do instead, rather than sent past the window.
 */
async function fittingSubCallOptions(
  host: ReplHost,
  fn: string,
  o: Record<string, unknown>,
): Promise<{ system?: string; maxTokens?: number }> {
  const options = subCallOptions(fn, o);
  if (options.system === undefined || !host.subCallPromptTokens) return options;
  const room = await host.subCallPromptTokens(options);
  const tokens = conservativeTokens(options.system);
  if (tokens > room / 2)
    throw new ReplArgumentError(
      fn,
      `the system text has ~${tokens} tokens, more than half of the sub-model's ~${room}-token prompt. Keep system short (a role, the answer's format) and put long text in the prompt, which is fitted to the window.`,
    );
  return options;
}

/** Most items one llmBatch/llmMap takes, whatever the run's sub-call allowance: the rest would only queue. */
const maxFanOutItems = 1_000;

/**
 * The list of an llmBatch/llmMap call, refused before any call is sent when it is longer than the hard cap or than
 * the sub-calls the run has left, so a huge list neither queues nor half-runs. The model can catch the error and
 * send a shorter list.
 */
function requireFanOutList(host: ReplHost, fn: string, name: string, value: unknown): string[] {
  // The length first: a list of a million items is refused without looking at each one.
  const length = Array.isArray(value) ? value.length : 0;
  const left = host.subCallsLeft?.();
  if (length > maxFanOutItems) {
    throw new ReplArgumentError(
      fn,
      `${name} has ${length} items; one call takes at most ${maxFanOutItems}. Filter the list first (a narrower glob or grep), or send it in batches of up to ${Math.min(maxFanOutItems, left ?? maxFanOutItems)}.`,
    );
  }
  if (left !== undefined && length > left) {
    throw new ReplArgumentError(
      fn,
      `${name} has ${length} items but the run has ${left} sub-call(s) left. Pick the ${left} most relevant, or answer with what you have; the user can raise the sub-call limit (--max-sub-calls) for a bigger run.`,
    );
  }
  return requireStringArray(fn, name, value);
}

/**
 * Runs `work` over items, at most `subCallConcurrency` at a time so llmMap holds few file texts at once (the
 * tree-wide limit on sub-calls in flight is the engine's); per-item failures become text unless they must end the run.
 */
async function fanOut<T>(host: ReplHost, items: readonly T[], work: (item: T) => Promise<string>): Promise<string[]> {
  const { default: pLimit } = await import('p-limit'); // ESM-only package, loaded from this CommonJS module
  const limit = pLimit(host.limits.subCallConcurrency);
  return Promise.all(
    items.map((item) =>
      limit(async () => {
        try {
          return await work(item);
        } catch (error) {
          if (host.signal.aborted || isRunStoppingError(error)) throw error;
          return `[llm error: ${error instanceof Error ? error.message : String(error)}]`;
        }
      }),
    ),
  );
}

const groupTitles: Record<ReplGroup, string> = {
  workspace: 'Workspace (read-only)',
  symbols: 'Symbols',
  models: 'Sub-models and child explorers',
  control: 'Output and answer',
};

/** The system-prompt section listing the functions, grouped, one line each. */
export function replFunctionsPromptSection(functions: readonly ReplFunction[] = replFunctions): string {
  const groups = (Object.keys(groupTitles) as ReplGroup[]).map((group) => {
    const lines = functions.filter((f) => f.group === group).map((f) => `- ${f.signature}: ${f.doc}`);
    return lines.length ? `${groupTitles[group]}:\n${lines.join('\n')}` : '';
  });
  return groups.filter(Boolean).join('\n\n');
}

/** The README's reference table, generated so the docs cannot drift from the bindings. */
export function replFunctionsMarkdown(functions: readonly ReplFunction[] = replFunctions): string {
  const escape = (s: string): string => s.replace(/\|/g, '\\|');
  const rows = functions.map((f) => `| \`${escape(f.signature)}\` | ${groupTitles[f.group]} | ${escape(f.doc)} |`);
  return ['| Function | Group | What it does |', '| --- | --- | --- |', ...rows].join('\n');
}
