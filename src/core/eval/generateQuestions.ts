/**
 * Questions with checkable answers, generated from the symbol index and deterministic for a seed:
 * `locate` (RepoQA's "needle function": a function described with its name masked), `callers` (for symbols whose
 * callers all resolve at exact or import confidence) and `imports` (the files importing a module).
 */
import type { SymbolIndex } from '../symbols/symbolIndex';
import type { SymbolInfo } from '../symbols/symbolTypes';
import type { EvalQuestion, LineRange, QuestionKind } from './evalTypes';
import { seededRandom, shuffled } from './seededRandom';

export type QuestionSource = Pick<SymbolIndex, 'outline' | 'callers' | 'callees' | 'importers' | 'findSymbol'>;

export interface GenerateOptions {
  count: number;
  kinds: readonly Exclude<QuestionKind, 'custom'>[];
  seed: number;
}

const functionKinds = new Set(['function', 'method']);
const maxCallers = 6;
const maxImporters = 8;
/** Candidates looked at per kind before giving up: keeps generation bounded on a huge index. */
const maxAttempts = 2_000;
const maxDocChars = 400;

/** `files`: the indexed files, any order (they are sorted first, so the result depends on the seed only). */
export function generateQuestions(
  index: QuestionSource,
  files: readonly string[],
  options: GenerateOptions,
): EvalQuestion[] {
  const random = seededRandom(options.seed);
  const sorted = [...files].sort();
  const functions = shuffled(
    sorted.flatMap((file) =>
      (index.outline(file) ?? []).filter(
        (def) => functionKinds.has(def.kind) && def.name.length >= 3 && def.name !== 'constructor',
      ),
    ),
    random,
  );
  const modules = shuffled(sorted, random);
  const makers: Record<Exclude<QuestionKind, 'custom'>, Iterator<Omit<EvalQuestion, 'id'>>> = {
    locate: candidates(functions, (def) => locateQuestion(index, def)),
    callers: candidates(functions, (def) => callersQuestion(index, def)),
    imports: candidates(modules, (file) => importsQuestion(index, file)),
  };
  const questions: EvalQuestion[] = [];
  const exhausted = new Set<string>();
  const used = new Set<string>();
  // Round-robin over the kinds so a small count still mixes them; a kind with no candidates left steps aside.
  for (let turn = 0; questions.length < options.count && exhausted.size < options.kinds.length; turn++) {
    const kind = options.kinds[turn % options.kinds.length];
    if (exhausted.has(kind)) continue;
    const next = makers[kind].next();
    if (next.done) {
      exhausted.add(kind);
      continue;
    }
    if (used.has(next.value.question)) continue;
    used.add(next.value.question);
    questions.push({ id: `${kind}-${questions.filter((q) => q.kind === kind).length + 1}`, ...next.value });
  }
  return questions;
}

function* candidates<T>(
  items: readonly T[],
  make: (item: T) => Omit<EvalQuestion, 'id'> | undefined,
): Iterator<Omit<EvalQuestion, 'id'>> {
  for (const item of items.slice(0, maxAttempts)) {
    const question = make(item);
    if (question) yield question;
  }
}

/** True when exactly one definition has this name, so a masked description or "who calls X" has one answer. */
function unique(index: QuestionSource, def: SymbolInfo): boolean {
  return index.findSymbol(def.name, { exact: true, limit: 2 }).length === 1;
}

function locateQuestion(index: QuestionSource, def: SymbolInfo): Omit<EvalQuestion, 'id'> | undefined {
  if (def.endLine - def.startLine < 2 || !unique(index, def)) return undefined;
  const mask = (text: string): string => text.replace(new RegExp(`\\b${escapeRegex(def.name)}\\b`, 'g'), '___');
  const calls = [
    ...new Set(
      index
        .callees(def.id)
        .map((c) => c.symbol.name)
        .filter((name) => name !== def.name),
    ),
  ]
    .sort()
    .slice(0, 6);
  const doc = def.doc ? mask(def.doc.replace(/\s+/g, ' ').trim()).slice(0, maxDocChars) : '';
  if (!doc && calls.length === 0) return undefined;
  const open = def.signature.indexOf('(');
  const close = def.signature.lastIndexOf(')');
  const parameters = open >= 0 && close > open ? mask(def.signature.slice(open, close + 1)) : '';
  const lines = [
    `Find the ${def.kind} described below (its name is hidden as ___) and say where it is defined, citing path:line.`,
    ...(doc ? [`- What it does: ${doc}`] : []),
    ...(parameters ? [`- Parameters: ${parameters}`] : []),
    ...(calls.length ? [`- It calls: ${calls.join(', ')}`] : []),
  ];
  return {
    kind: 'locate',
    question: lines.join('\n'),
    expect: {
      type: 'ranges',
      match: 'any',
      ranges: [{ file: def.file, startLine: def.startLine, endLine: def.endLine }],
    },
  };
}

function callersQuestion(index: QuestionSource, def: SymbolInfo): Omit<EvalQuestion, 'id'> | undefined {
  const callers = index.callers(def.id);
  if (callers.length === 0 || callers.length > maxCallers) return undefined;
  // Every caller must be known for sure and be a definition (not a file's top level), or the expected set is a guess.
  if (callers.some((c) => c.confidence === 'name' || c.symbol.kind === 'file') || !unique(index, def)) return undefined;
  const ranges: LineRange[] = callers.map((c) => ({
    file: c.symbol.file,
    startLine: c.symbol.line,
    endLine: c.symbol.endLine,
  }));
  return {
    kind: 'callers',
    question: `Which functions or methods call \`${def.qualifiedName}\` (defined at ${def.file}:${def.line})? Cite each caller's definition as path:line.`,
    expect: {
      type: 'ranges',
      match: 'f1',
      ranges,
      ignore: [{ file: def.file, startLine: def.startLine, endLine: def.endLine }],
    },
  };
}

function importsQuestion(index: QuestionSource, file: string): Omit<EvalQuestion, 'id'> | undefined {
  const importers = index.importers(file).filter((other) => other !== file);
  if (importers.length === 0 || importers.length > maxImporters) return undefined;
  return {
    kind: 'imports',
    question: `Which files import the module \`${file}\`? Name each importing file by its workspace path.`,
    expect: { type: 'files', files: importers, ignore: [file] },
  };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
