/**
 * Reads a root model's reply the way models actually write it: code in fences of any JavaScript or TypeScript
 * flavour (or a bare fence of code), fences in other languages that must not run, and an ending in any of the
 * forms models use: `FINAL(answer)` after prose, with parentheses inside, or `FINAL_VAR(name)`.
 */
import { isCellSource } from '../sandbox/cellTransform';

export interface ModelReply {
  /** Code to run, in order. */
  cells: string[];
  /** Languages of fences that were not run because only JavaScript runs here (python, bash, sql...). */
  foreignLanguages: string[];
  /** The ending the reply states outside code, if any. */
  final?: FinalStatement;
}

/** `FINAL(text)` gives the answer itself; `FINAL_VAR(name)` names a REPL variable that holds it. */
export type FinalStatement = { kind: 'text'; answer: string } | { kind: 'variable'; name: string };

const runnableLanguages = new Set([
  'js',
  'javascript',
  'ts',
  'typescript',
  'tsx',
  'jsx',
  'mjs',
  'cjs',
  'node',
  'nodejs',
  'repl',
  'es6',
  'ecmascript',
]);
const foreignLanguages = new Set([
  'python',
  'py',
  'python3',
  'ipython',
  'bash',
  'sh',
  'shell',
  'zsh',
  'console',
  'shell-session',
  'sql',
  'ruby',
  'rb',
  'go',
  'rust',
  'java',
  'c',
  'cpp',
  'c++',
  'csharp',
  'cs',
  'php',
  'perl',
  'powershell',
  'ps1',
  'cmd',
  'bat',
  'lua',
  'r',
]);
/** Calls that show a bare fence holds REPL code rather than sample output. */
const replCall =
  /\b(?:listFiles|grep|readFile|symbols|findSymbol|references|trace|llm|llmBatch|llmMap|rlm|print|FINAL|FINAL_VAR|console\.\w+)\s*\(/;
const pythonMarkers = /^\s*(?:def |import |from \S+ import |print\(f?["']|for \w+ in |if .+:\s*$|elif |with open\()/m;

interface Fence {
  language: string;
  body: string;
  /** Offsets of the whole fence in the reply, opening line to closing line. */
  start: number;
  end: number;
}

export function parseModelReply(text: string): ModelReply {
  const fences = findFences(text);
  const final = findFinal(text, fences);
  const cells: string[] = [];
  const foreign: string[] = [];
  for (const fence of fences) {
    if (final && fence.start >= final.start) break; // fences after FINAL( are part of the answer
    if (!fence.body.trim()) continue;
    const kind = classify(fence);
    if (kind === 'run') cells.push(fence.body);
    else if (kind === 'foreign') foreign.push(fence.language || 'python');
  }
  return { cells, foreignLanguages: [...new Set(foreign)], ...(final ? { final: final.statement } : {}) };
}

/** The answer of a reply meant as the answer (the last call after a limit): its FINAL, else its prose without code. */
export function answerFromReply(text: string): FinalStatement {
  const fences = findFences(text);
  const final = findFinal(text, fences);
  if (final) return final.statement;
  let prose = '';
  let at = 0;
  for (const fence of fences) {
    if (classify(fence) === 'run') {
      prose += text.slice(at, fence.start);
      at = fence.end;
    }
  }
  prose += text.slice(at);
  return { kind: 'text', answer: prose.trim() || text.trim() };
}

/** While a reply streams: the answer written so far after its `FINAL(`, or undefined when it has none yet. */
export function finalAnswerSoFar(partial: string): string | undefined {
  const fences = findFences(partial);
  const opening = findFinalOpening(partial, fences);
  if (!opening || opening.kind !== 'text') return undefined;
  const inside = partial.slice(opening.bodyStart).trimStart();
  const trimmed = inside.trimEnd();
  return trimmed.endsWith(')') ? trimmed.slice(0, -1).trimEnd() : inside; // a `)` at the very end is likely the closing one
}

function classify(fence: Fence): 'run' | 'foreign' | 'ignore' {
  const language = fence.language;
  if (foreignLanguages.has(language)) return 'foreign';
  const parses = (): boolean => isCellSource(fence.body);
  if (runnableLanguages.has(language)) {
    if (language === 'repl' && !parses() && pythonMarkers.test(fence.body)) return 'foreign'; // the reference RLM's Python REPL habit
    return 'run';
  }
  if (language === '') {
    if (replCall.test(fence.body) && parses()) return 'run';
    if (pythonMarkers.test(fence.body) && replCall.test(fence.body)) return 'foreign';
  }
  return 'ignore';
}

const openingFence = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\s`{]*)?[^\n`]*$/;
const closingFence = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;

/**
 * Fenced blocks as CommonMark reads them (a closing fence on its own line, at least as long as the opening one),
 * with one repair: when a code fence's body does not parse but reaching a later closing fence does, the earlier
 * one was inside a string (a cell that prints "```").
 */
function findFences(text: string): Fence[] {
  const lines = lineStarts(text);
  const fences: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lineAt(text, lines, i);
    const open = openingFence.exec(line);
    if (!open) continue;
    const marker = open[1];
    const language = normalizeLanguage(open[2] ?? '');
    const bodyStart = i + 1 < lines.length ? lines[i + 1] : text.length;
    const closings: number[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const close = closingFence.exec(lineAt(text, lines, j));
      if (close && close[1][0] === marker[0] && close[1].length >= marker.length) closings.push(j);
    }
    let closeLine = closings[0];
    if (closings.length > 1 && (runnableLanguages.has(language) || language === '')) {
      const bodyTo = (j: number): string => text.slice(bodyStart, lines[j]);
      if (!isCellSource(bodyTo(closings[0]))) closeLine = closings.find((j) => isCellSource(bodyTo(j))) ?? closings[0];
    }
    if (closeLine === undefined) {
      // An unclosed fence (the reply was cut, or the model forgot): the rest of the reply is its body.
      fences.push({ language, body: text.slice(bodyStart), start: lines[i], end: text.length });
      break;
    }
    const end = closeLine + 1 < lines.length ? lines[closeLine + 1] : text.length;
    fences.push({ language, body: text.slice(bodyStart, lines[closeLine]), start: lines[i], end });
    i = closeLine;
  }
  return fences;
}

function normalizeLanguage(info: string): string {
  return info.replace(/^\./, '').toLowerCase();
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

function lineAt(text: string, starts: readonly number[], index: number): string {
  const end = index + 1 < starts.length ? starts[index + 1] - 1 : text.length;
  return text.slice(starts[index], end).replace(/\r$/, '');
}

interface FinalOpening {
  kind: FinalStatement['kind'];
  /** Offset of `FINAL`. */
  start: number;
  /** Offset just after `(`. */
  bodyStart: number;
}

/** `FINAL(` or `FINAL_VAR(` at the start of a line outside code (after list, quote or bold markers), first one wins. */
function findFinalOpening(text: string, fences: readonly Fence[]): FinalOpening | undefined {
  const pattern = /^[ \t>*_\-#]*(?:\*\*|__)?(FINAL_VAR|FINAL)\(/gm;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const start = match.index + match[0].length - match[1].length - 1;
    if (fences.some((f) => start >= f.start && start < f.end)) continue;
    return { kind: match[1] === 'FINAL_VAR' ? 'variable' : 'text', start, bodyStart: match.index + match[0].length };
  }
  return undefined;
}

/**
 * "So the answer is FINAL(…)." inside a line counts only when it closes the reply: its `)` is followed by nothing but
 * whitespace or punctuation, so "I will call FINAL(x) later" is not taken for an answer.
 */
function findClosingFinal(text: string, fences: readonly Fence[]): FinalOpening | undefined {
  const pattern = /\b(FINAL_VAR|FINAL)\(/g;
  let last: RegExpExecArray | undefined;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const at = match.index;
    if (!fences.some((f) => at >= f.start && at < f.end)) last = match;
  }
  if (!last) return undefined;
  const bodyStart = last.index + last[0].length;
  let depth = 1;
  for (let i = bodyStart; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) {
      if (!/^[\s.*_!`]*$/.test(text.slice(i + 1))) return undefined;
      return { kind: last[1] === 'FINAL_VAR' ? 'variable' : 'text', start: last.index, bodyStart };
    }
  }
  return undefined;
}

function findFinal(text: string, fences: readonly Fence[]): { start: number; statement: FinalStatement } | undefined {
  const opening = findFinalOpening(text, fences) ?? findClosingFinal(text, fences);
  if (!opening) return undefined;
  const body = finalBody(text, opening.bodyStart);
  if (opening.kind === 'variable') {
    const name = body
      .trim()
      .replace(/^["'`]|["'`]$/g, '')
      .trim();
    return { start: opening.start, statement: { kind: 'variable', name } };
  }
  return { start: opening.start, statement: { kind: 'text', answer: body.trim() } };
}

/**
 * The inside of `FINAL(…)`: up to the reply's last `)` when only whitespace (or a closing bold marker) follows it, so
 * "1) first" or ":)" inside the answer do not end it early; else up to the balancing `)`; else the rest (a cut reply).
 */
function finalBody(text: string, from: number): string {
  const tail = /\)\s*(?:\*\*|__)?\s*$/.exec(text.slice(from));
  if (tail) return text.slice(from, from + tail.index);
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(from, i);
  }
  return text.slice(from);
}
