/**
 * Reads a root model's reply the way models actually write it: code in fences of any JavaScript or TypeScript
 * flavour (or a bare fence of code), fences in other languages that must not run, and an ending in any of the
 * forms models use: `FINAL(answer)` after prose, with parentheses inside, or `FINAL_VAR(name)`.
 */
import { isCellSource } from '../sandbox/cellTransform';
import { codeFields, codeFromToolCalls, codeOfPythonicCall, replCall } from './toolCallReply';

export interface ModelReply {
  /** Code to run, in order. */
  cells: string[];
  /** Languages of fences that were not run because only JavaScript runs here (python, bash, sql...). */
  foreignLanguages: string[];
  /** The ending the reply states outside code, if any. */
  final?: FinalStatement;
  /** The reply ended inside an unclosed `<think>` block (cut at its length limit): nothing in it was read. */
  cutInReasoning?: boolean;
}

/**
 * `FINAL(text)` gives the answer itself; `FINAL_VAR(name)` names a REPL variable that holds it; `FINAL(expression)`
 * whose inside reads as JavaScript (a variable, `hit.file`, a quoted string or template) is evaluated in the REPL,
 * and when that fails answers with its text, unless the text is a placeholder ("answer", "...") written as a promise
 * to answer later.
 */
export type FinalStatement =
  | { kind: 'text'; answer: string }
  | { kind: 'variable'; name: string }
  | { kind: 'expression'; source: string; placeholder: boolean };

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
const pythonMarkers =
  /^\s*(?:def |import |from \S+ import |print\(f?["']|for \w+ in |if .+:\s*$|elif |with open\()|\bf["'][^"'\n]*\{/m;
/** Python that cannot be JavaScript, for a fence labelled as JavaScript whose body does not parse. */
const pythonOnlyMarkers =
  /^\s*(?:def \w+\(.*\)\s*(?:->.*)?:\s*$|from [\w.]+ import |import [\w.]+(?:\s+as\s+\w+)?\s*$|elif |for \w+(?:\s*,\s*\w+)* in .+:\s*$|with open\()|\bf["'][^"'\n]*\{/m;
/** Labels of fences that hold data or output, never code to run. */
const dataLanguages = new Set([
  'json',
  'jsonc',
  'json5',
  'text',
  'txt',
  'plaintext',
  'output',
  'log',
  'markdown',
  'md',
  'diff',
  'yaml',
  'yml',
  'xml',
  'html',
  'css',
  'csv',
  'toml',
  'ini',
  'mermaid',
  'dot',
  'graphql',
]);

interface Fence {
  language: string;
  body: string;
  /** Offsets of the whole fence in the reply, opening line to closing line. */
  start: number;
  end: number;
}

/** Where reasoning blocks open (drafts and plans, never code to run or the answer); `closingTag` gives their end. */
const reasoningOpening = /<((?:seed:)?think|thinking|reasoning|reflection)>|\[THINK\]|<\|START_THINKING\|>/gi;

function reasoningClosing(opening: RegExpExecArray): string {
  if (opening[1]) return `</${opening[1]}>`;
  return opening[0].toLowerCase() === '<|start_thinking|>' ? '<|END_THINKING|>' : '[/THINK]';
}

/**
 * The blocks that `opening` starts and `closing` ends (the first closing after the opening, matched as written or,
 * with `ignoreCase`, in any case), in order and not overlapping. Linear in the text: an opening whose closing
 * never comes is skipped in constant time (the last closing of that name is looked up once), so a hostile reply of
 * thousands of unclosed tags cannot make every one of them scan to the end.
 */
export function* pairedBlocks(
  text: string,
  opening: RegExp,
  closing: (opened: RegExpExecArray) => string,
  ignoreCase = false,
): Generator<{ opened: RegExpExecArray; start: number; inner: number; innerEnd: number; end: number }> {
  const haystack = ignoreCase ? text.toLowerCase() : text;
  const lastOf = new Map<string, number>();
  const pattern = new RegExp(opening.source, opening.flags.includes('g') ? opening.flags : `${opening.flags}g`);
  let from = 0;
  for (;;) {
    pattern.lastIndex = from;
    const opened = pattern.exec(text);
    if (!opened) return;
    const inner = opened.index + opened[0].length;
    const close = ignoreCase ? closing(opened).toLowerCase() : closing(opened);
    let last = lastOf.get(close);
    if (last === undefined) lastOf.set(close, (last = haystack.lastIndexOf(close)));
    const at = last >= inner ? haystack.indexOf(close, inner) : -1;
    if (at < 0) {
      from = opened.index + Math.max(1, opened[0].length);
      continue;
    }
    yield { opened, start: opened.index, inner, innerEnd: at, end: at + close.length };
    from = at + close.length;
  }
}
/**
 * A chat template's special tokens (`<|im_end|>`, `<|eot_id|>`, DeepSeek's `<｜tool▁call▁end｜>`, `</s>`) that a
 * local server leaves at the start or end of a line, often glued to a fence; inside a line they may be the model's
 * own strings, so they stay there.
 */
const specialToken = String.raw`(?:<\|[A-Za-z_][\w.-]{0,40}\|>|<｜[^｜\n]{1,40}｜>|<\/s>|<end_of_turn>)`;
const tokensAtLineStart = new RegExp(String.raw`^[ \t]*(?:${specialToken}[ \t]*)+`, 'gm');
const wholeToken = new RegExp(String.raw`^${specialToken}[ \t]*$`);

/** A line without the special tokens that end it (found from the end, one `<` at a time: linear in the line). */
function withoutTokensAtEnd(line: string): string {
  let end = line.length;
  for (;;) {
    const open = line.lastIndexOf('<', end - 1);
    if (open < 0 || end - open > 64) return line.slice(0, end);
    if (!wholeToken.test(line.slice(open, end))) return line.slice(0, end);
    end = open;
  }
}
/** OpenAI harmony (gpt-oss): the analysis channel is reasoning; a message header starts the reply's next part. */
const harmonyAnalysis =
  /(?:<\|start\|>assistant)?<\|channel\|>analysis(?:<\|constrain\|>[^<\n]*)?<\|message\|>[\s\S]*?(?:<\|end\|>|<\|call\|>|<\|return\|>|$)/g;
const harmonyHeader = /(?:<\|start\|>\w*)?<\|channel\|>[^<\n]*(?:<\|constrain\|>[^<\n]*)?<\|message\|>/g;
/**
 * Tool calls written with a template's own tokens, rewritten as `<tool_call>` blocks so one reader handles them:
 * Llama 3's `<|python_tag|>`, Granite's and Phi's `<|tool_call|>`, DeepSeek's `<｜tool▁call▁begin｜>`, Kimi's
 * `<|tool_call_begin|>`, Command A's `<|START_ACTION|>`.
 */
const tokenToolCalls: readonly RegExp[] = [
  /<\|python_tag\|>([\s\S]*?)(?:<\|eom_id\|>|<\|eot_id\|>|$)/g,
  /<\|tool_call\|>([\s\S]*?)(?:<\|\/tool_call\|>|<\|end\|>|<\|eot_id\|>|$)/g,
  /<｜tool▁call▁begin｜>([\s\S]*?)(?:<｜tool▁call▁end｜>|$)/g,
  /<\|tool_call_begin\|>([\s\S]*?)(?:<\|tool_call_end\|>|$)/g,
  /<\|START_ACTION\|>([\s\S]*?)(?:<\|END_ACTION\|>|$)/g,
];

/**
 * The reply without what is never code nor answer: reasoning blocks (`<think>…</think>` of DeepSeek-R1 and Qwen,
 * `<thinking>`, harmony's analysis channel; a reply whose opening tag the server dropped keeps only what follows
 * `</think>`, one whose reasoning was cut before `</think>` keeps what precedes `<think>`) and the special tokens of
 * chat templates (tool calls written with them become `<tool_call>` blocks).
 */
function withoutReasoning(reply: string): string {
  return readableParts(reply).text;
}

/** Offsets of the lines that open or close a fence (```` ``` ```` or `~~~` after spaces), in order. */
function fenceLineStarts(text: string): number[] {
  const starts: number[] = [];
  for (const match of text.matchAll(/^ *(?:`{3,}|~{3,})/gm)) starts.push(match.index);
  return starts;
}

/** How many of those fence lines start before `at` (a binary search): odd means `at` is inside a fence. */
function fenceLinesBefore(starts: readonly number[], at: number): number {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (starts[middle] < at) low = middle + 1;
    else high = middle;
  }
  return low;
}

function readableParts(reply: string): { text: string; cutInReasoning: boolean } {
  // A tag inside a code fence is the model's code (a cell that looks for "</think>" in a chat template): kept.
  const inFence = (text: string, at: number): boolean => fenceLinesBefore(fenceLineStarts(text), at) % 2 === 1;
  const replyFences = fenceLineStarts(reply);
  let text = '';
  let kept = 0;
  for (const block of pairedBlocks(reply, reasoningOpening, reasoningClosing, true)) {
    if (fenceLinesBefore(replyFences, block.start) % 2 === 1) continue;
    text += reply.slice(kept, block.start);
    kept = block.end;
  }
  text += reply.slice(kept);
  // The opening tag dropped by the server: everything up to a `</think>` before any fence is reasoning.
  const unopened = /<\/(?:think|thinking|reasoning)>/i.exec(text);
  if (unopened && !/^ *(?:`{3,}|~{3,})/m.test(text.slice(0, unopened.index)))
    text = text.slice(unopened.index + unopened[0].length);
  // Reasoning cut off (the reply hit its length limit, or the model never closed it): drafts to the end, not code.
  const unclosed = /<(?:think|thinking|reasoning)>/i.exec(text);
  const cutInReasoning = !!unclosed && !inFence(text, unclosed.index);
  if (unclosed && cutInReasoning) text = text.slice(0, unclosed.index);
  if (text.includes('<|channel|>')) text = text.replace(harmonyAnalysis, '\n').replace(harmonyHeader, '\n');
  for (const pattern of tokenToolCalls) text = text.replace(pattern, '\n<tool_call>$1</tool_call>\n');
  // `FINAL\_VAR(x)`: markdown escaping of the underscore by models that format everything.
  text = text.replace(/\b(FINAL|final)\\_(VAR|ANSWER|answer)\b/g, '$1_$2');
  const lines = text.split('\n').map((line) => {
    const cr = line.endsWith('\r') ? '\r' : '';
    return withoutTokensAtEnd(cr ? line.slice(0, -1) : line) + cr;
  });
  return { text: lines.join('\n').replace(tokensAtLineStart, '').trim(), cutInReasoning };
}

export function parseModelReply(reply: string): ModelReply {
  const { text, cutInReasoning } = readableParts(reply);
  const fences = findFences(text);
  // A tool call written as text (no tools are offered, but models trained on them write one anyway).
  const called = fences.some((f) => classify(f) === 'run') ? [] : codeFromToolCalls(text, fences);
  if (called.length) return { cells: called, foreignLanguages: [] };
  // A reply of bare code, no fence at all (small local models): run it when it parses and calls the REPL. One that
  // is only a FINAL statement is read as the answer below (and evaluated there when it reads as code).
  // A reply that is one string (`` `FINAL(…)` `` in inline code) is not code either.
  if (!fences.length && replCall.test(text) && !/^(?:FINAL|FINAL_VAR)[ \t]*\(|^[`'"]/.test(text) && isCellSource(text))
    return { cells: [text], foreignLanguages: [] };
  let final = findFinal(text, fences) ?? finalInFence(fences) ?? finalInJson(text, fences);
  // A placeholder such as `FINAL(answer)` above code (a small model echoing its instructions) ends nothing: the code
  // after it runs.
  const statement = final?.statement;
  if (statement?.kind === 'expression' && statement.placeholder) {
    const at = final?.start ?? 0;
    if (fences.some((f) => f.start > at && classify(f) === 'run' && replCall.test(f.body))) final = undefined;
  }
  const cells: string[] = [];
  const foreign: string[] = [];
  for (const fence of fences) {
    if (final && fence.start >= final.start) break; // fences after FINAL( are part of the answer
    if (!fence.body.trim()) continue;
    const kind = classify(fence);
    // With the answer stated as text, a block that calls no REPL function is evidence quoted for it, not code to run.
    if (kind === 'run' && final?.statement.kind === 'text' && !replCall.test(fence.body)) continue;
    if (kind === 'run') cells.push(fence.body);
    else if (kind === 'foreign') foreign.push(fence.language || 'python');
  }
  return {
    cells,
    foreignLanguages: [...new Set(foreign)],
    ...(final ? { final: final.statement } : {}),
    ...(cutInReasoning && !cells.length && !final ? { cutInReasoning } : {}),
  };
}

/** The answer of a reply meant as the answer (the last call after a limit): its FINAL, else its prose without code. */
export function answerFromReply(reply: string): FinalStatement {
  const text = withoutReasoning(reply);
  const fences = findFences(text);
  const final = findFinal(text, fences) ?? finalInFence(fences) ?? finalInJson(text, fences);
  if (final) return final.statement;
  return { kind: 'text', answer: proseOf(text, fences) };
}

/** A reply's prose without its runnable code: what a model that answers without FINAL has answered. */
export function proseOfReply(reply: string): string {
  const text = withoutReasoning(reply);
  return proseOf(text, findFences(text));
}

function proseOf(text: string, fences: readonly Fence[]): string {
  let prose = '';
  let at = 0;
  for (const fence of fences) {
    if (classify(fence) === 'run') {
      prose += text.slice(at, fence.start);
      at = fence.end;
    }
  }
  prose += text.slice(at);
  return prose.trim() || text.trim();
}

/** While a reply streams: the answer written so far after its `FINAL(`, or undefined when it has none yet. */
export function finalAnswerSoFar(partial: string): string | undefined {
  const text = withoutReasoning(partial);
  const fences = findFences(text);
  const opening = findFinalOpening(text, fences);
  if (!opening || opening.kind !== 'text') return undefined;
  const inside = text.slice(opening.bodyStart).trimStart();
  if (!opening.parenthesised) return inside;
  const trimmed = inside.trimEnd();
  return trimmed.endsWith(')') ? trimmed.slice(0, -1).trimEnd() : inside; // a `)` at the very end is likely the closing one
}

/** Constructs only JavaScript has: a fence labelled `python` (Gemini's habit) that holds them is JavaScript. */
const javascriptOnly =
  /^[ \t]*(?:const|let|var)[ \t]+[\w$[{]|=>|\bfunction\b[\w$ \t]*\(|;[ \t]*$|\$\{|\bconsole\.\w+\(|===|!==|&&|\|\||\+\+/m;

function classify(fence: Fence): 'run' | 'foreign' | 'ignore' {
  const language = fence.language;
  if (foreignLanguages.has(language)) {
    const body = fence.body;
    const mislabelled =
      javascriptOnly.test(body) && !pythonMarkers.test(body) && replCall.test(body) && isCellSource(body);
    return mislabelled ? 'run' : 'foreign';
  }
  if (dataLanguages.has(language)) return 'ignore';
  const parses = (): boolean => isCellSource(fence.body);
  if (runnableLanguages.has(language)) {
    // Python in a js or repl fence (the reference RLM's Python REPL habit): say only JavaScript runs, not "SyntaxError".
    if (!parses() && (language === 'repl' ? pythonMarkers : pythonOnlyMarkers).test(fence.body)) return 'foreign';
    return 'run';
  }
  // A bare fence, or one labelled as no language we know (`tool_code`, `node.js`, `js:explore.js`): code when it
  // parses and calls the REPL.
  if (replCall.test(fence.body) && parses()) return 'run';
  if (language === '' && pythonMarkers.test(fence.body) && replCall.test(fence.body)) return 'foreign';
  return 'ignore';
}

/**
 * An opening fence at any indentation (inside list items) and after blockquote markers, or at the end of a line of
 * prose (`Here is the code: ```js`) for a runnable language.
 */
// The label is matched atomically (a lookahead then a backreference): a long line holding a backtick after it then
// fails in linear time instead of trying every split of the label and the text after it.
const openingFence = /^((?:[ \t]*>)*)([ \t]*)(`{3,}|~{3,})[ \t]*(?=([^\s`{]*))\4[^\n`]*$/;
const proseThenFence = /^(?!\s*(?:`{3}|~{3}))(.*\S)[ \t]*(`{3,})[ \t]*([A-Za-z]+)[ \t]*$/;
const oneLineFence = /^[ \t]*(`{3,})(?:([A-Za-z][\w+.-]*)[ \t]+|[ \t]+)([^`\s](?:.*[^`\s])?)[ \t]*\1[ \t]*$/;
const closingFence = /^((?:[ \t]*>)*)[ \t]*(`{3,}|~{3,})[ \t]*$/;
/** Tags some models wrap code in instead of a fence (CodeAct's `<execute>`, `<code>`). */
const codeTagOpening = /<(execute|code|repl|tool_code|js|javascript)(?:\s[^<>]*)?>[ \t]*\r?\n?/gi;
const htmlEntities: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
  '#39': "'",
  '#x27': "'",
};

/** Code in HTML tags written with entities (`<code>grep(&quot;x&quot;)</code>`): the code the model meant. */
function decodedTagBody(body: string): string {
  if (!/&(?:lt|gt|amp|quot|apos|#39|#x27);/.test(body) || isCellSource(body)) return body;
  return body.replace(/&(lt|gt|amp|quot|apos|#39|#x27);/g, (_all, name: string) => htmlEntities[name]);
}

/**
 * Fenced blocks as CommonMark reads them (a closing fence on its own line, at least as long as the opening one),
 * with one repair: when a code fence's body does not parse but reaching a later closing fence does, the earlier
 * one was inside a string (a cell that prints "```"). Fences inside list items lose the item's indentation and
 * fences inside a blockquote its markers. Code in `<execute>` or `<code>` tags counts as a bare fence.
 */
function findFences(text: string): Fence[] {
  const lines = lineStarts(text);
  const fences: Fence[] = [];
  const closingLines: ClosingLine[] = [];
  for (let j = 0; j < lines.length; j++) {
    const close = closingFence.exec(lineAt(text, lines, j));
    if (close) closingLines.push({ line: j, marker: close[2], quoted: close[1].length > 0 });
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lineAt(text, lines, i);
    let quote = '';
    let indent = 0;
    let marker: string;
    let language: string;
    const oneLine = oneLineFence.exec(line);
    if (oneLine) {
      // A whole fence on one line (```` ```js FINAL(x) ``` ````): a cell of that one line.
      const end = i + 1 < lines.length ? lines[i + 1] : text.length;
      fences.push({ language: normalizeLanguage(oneLine[2] ?? ''), body: oneLine[3], start: lines[i], end });
      continue;
    }
    const open = openingFence.exec(line);
    if (open) {
      quote = open[1];
      indent = open[2].length;
      marker = open[3];
      language = normalizeLanguage(open[4] ?? '');
    } else {
      const inline = proseThenFence.exec(line);
      // `Action: ```json` (Command R's tool call) opens a fence too.
      const inlineLanguage = inline ? normalizeLanguage(inline[3]) : '';
      if (!inline || !(runnableLanguages.has(inlineLanguage) || inlineLanguage === 'json')) continue;
      marker = inline[2];
      language = normalizeLanguage(inline[3]);
    }
    const quoted = quote.length > 0;
    const bodyStart = i + 1 < lines.length ? lines[i + 1] : text.length;
    // The first few lines after this one that can close it: enough to skip a ``` inside the code (a template
    // literal), and few enough that a reply of thousands of fence lines is still read in linear time.
    const closings: number[] = [];
    for (let c = firstAfter(closingLines, i); c < closingLines.length && closings.length < maxClosings; c++) {
      const close = closingLines[c];
      if (close.marker[0] === marker[0] && close.marker.length >= marker.length && close.quoted === quoted)
        closings.push(close.line);
    }
    const bodyTo = (j: number): string => unindent(text.slice(bodyStart, lines[j]), indent, quoted);
    let closeLine = closings[0];
    if (closings.length > 1 && (runnableLanguages.has(language) || language === '')) {
      if (!isCellSource(bodyTo(closings[0]))) closeLine = closings.find((j) => isCellSource(bodyTo(j))) ?? closings[0];
    }
    if (closeLine === undefined && (runnableLanguages.has(language) || language === '')) {
      // A closing fence that repeats the language (```` ```js ```` to close ```` ```js ````), when nothing else
      // closes the fence and the code up to it parses.
      let tried = 0;
      for (let j = i + 1; j < lines.length && closeLine === undefined && tried < 5; j++) {
        const labelled = /^[ \t]*(`{3,}|~{3,})[A-Za-z][\w+.-]*[ \t]*$/.exec(lineAt(text, lines, j));
        if (!labelled || labelled[1][0] !== marker[0] || labelled[1].length < marker.length) continue;
        tried++; // each try parses the body: a handful is enough
        if (isCellSource(bodyTo(j))) closeLine = j;
      }
    }
    if (closeLine === undefined) {
      // The closing marker glued to the last line of code (`FINAL(x)```` — small models): the fence ends there.
      const glued = gluedClosing(text, lines, i + 1, marker);
      if (glued) {
        const lastLine = unindent(text.slice(bodyStart, glued.at), indent, quoted);
        fences.push({ language, body: lastLine, start: lines[i], end: glued.end });
        i = glued.line;
        continue;
      }
      // An unclosed fence (the reply was cut, or the model forgot): the rest of the reply is its body.
      fences.push({
        language,
        body: unindent(text.slice(bodyStart), indent, quoted),
        start: lines[i],
        end: text.length,
      });
      break;
    }
    const end = closeLine + 1 < lines.length ? lines[closeLine + 1] : text.length;
    fences.push({ language, body: bodyTo(closeLine), start: lines[i], end });
    i = closeLine;
  }
  for (const fence of fences) Object.assign(fence, labelledFirstLine(fence));
  // Fences are in order and apart, and tags come in order: one pointer finds the fence a tag may sit in.
  const fenced = fences.length;
  let k = 0;
  for (const tag of pairedBlocks(text, codeTagOpening, (opened) => `</${opened[1]}>`, true)) {
    const { start } = tag;
    while (k < fenced && fences[k].end <= start) k++;
    if (k < fenced && fences[k].start <= start) continue;
    fences.push({ language: '', body: decodedTagBody(text.slice(tag.inner, tag.innerEnd)), start, end: tag.end });
  }
  return fences.sort((a, b) => a.start - b.start);
}

/** A line that can close a fence: its marker (```` ``` ````, `~~~`, longer) and whether it sits in a blockquote. */
interface ClosingLine {
  line: number;
  marker: string;
  quoted: boolean;
}

/** Closing lines tried for one fence (see findFences). */
const maxClosings = 8;

/** Index of the first closing line after line `line` (a binary search). */
function firstAfter(closings: readonly ClosingLine[], line: number): number {
  let low = 0;
  let high = closings.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (closings[middle].line <= line) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * A bare fence whose first line names its language (```` ``` ```` then `javascript` on a line of its own, a small
 * model's habit) takes that label; a JavaScript fence written on one line with literal `\n`s (code escaped twice, as
 * in a JSON string) gets its lines back when only that makes it parse; a fence holding one pythonic tool call
 * (Gemini's `print(default_api.repl(code="…"))`) holds that call's code.
 */
function labelledFirstLine(fence: Fence): Pick<Fence, 'language' | 'body'> {
  let { language, body } = fence;
  const label = /^[ \t]*([A-Za-z][\w+.-]*)[ \t]*\r?\n/.exec(body);
  if (!language && label) {
    const named = normalizeLanguage(label[1]);
    if (runnableLanguages.has(named) || foreignLanguages.has(named)) {
      language = named;
      body = body.slice(label[0].length);
    }
  }
  // Gemini's `print(default_api.repl(code="…"))`: the call's code is the cell.
  const called = /^\s*(?:print\(|\[)?\s*[\w.]+\(\s*\w+\s*=/.test(body) ? codeOfPythonicCall(body) : undefined;
  if (called !== undefined) return { language: 'js', body: called };
  if ((runnableLanguages.has(language) || !language) && !body.trim().includes('\n') && /\\n/.test(body)) {
    const unescaped = body.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
    if (!isCellSource(body) && isCellSource(unescaped)) body = unescaped;
  }
  return { language, body };
}

/** The first line from `from` on that ends with code and then the fence's closing marker: where the body ends. */
function gluedClosing(
  text: string,
  lines: readonly number[],
  from: number,
  marker: string,
): { line: number; at: number; end: number } | undefined {
  const glued = new RegExp(String.raw`\S[ \t]*(${marker[0] === '`' ? '`' : '~'}{${marker.length},})[ \t]*$`);
  for (let j = from; j < lines.length; j++) {
    const line = lineAt(text, lines, j);
    const match = glued.exec(line);
    if (!match) continue;
    const at = lines[j] + match.index + 1;
    return { line: j, at, end: j + 1 < lines.length ? lines[j + 1] : text.length };
  }
  return undefined;
}

/** A fence body without the list indentation of its opening line, or without the blockquote markers it sits in. */
function unindent(body: string, indent: number, quoted: boolean): string {
  if (!indent && !quoted) return body;
  return body
    .split('\n')
    .map((line) => {
      const unquoted = quoted ? line.replace(/^(?:[ \t]*>[ \t]?)+/, '') : line;
      let cut = 0;
      while (cut < indent && (unquoted[cut] === ' ' || unquoted[cut] === '\t')) cut++;
      return unquoted.slice(cut);
    })
    .join('\n');
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
  kind: 'text' | 'variable';
  /** Offset of `FINAL`. */
  start: number;
  /** Offset just after `(` (or after the label of a `FINAL ANSWER:` line, a heading or an `<answer>` tag). */
  bodyStart: number;
  /** `FINAL(…)`, whose body ends at a closing parenthesis; the other forms run to the end of the reply or the tag. */
  parenthesised: boolean;
  /** Offset where the body ends, when the form says so (`</answer>`). */
  bodyEnd?: number;
}

/**
 * `FINAL(` or `FINAL_VAR(` at the start of a line outside code (after list, quote or bold markers, `Final(`, or a
 * space before the parenthesis), first one wins; else a `FINAL ANSWER:` / `**FINAL:**` line or a `## Final answer`
 * heading or bold line (the answer is what follows), else an `<answer>`, `<final_answer>` or `<final>` block.
 */
function findFinalOpening(text: string, fences: readonly Fence[]): FinalOpening | undefined {
  const outside = (at: number): boolean => !fences.some((f) => at >= f.start && at < f.end);
  const pattern =
    /^[ \t>*_\-#`]*(?:\*\*|__)?(FINAL_VAR|FINAL_ANSWER|FINAL|Final_Var|Final_Answer|Final|final_answer|final)([ \t]*)\(/gm;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const start = match.index + match[0].length - match[1].length - match[2].length - 1;
    // `final (` with a space is prose ("final (and best) step"); `FINAL (` is the model's spelling of FINAL(.
    if (match[2] && !/^FINAL(?:_VAR|_ANSWER)?$/.test(match[1])) continue;
    if (!outside(start)) continue;
    const kind = match[1].toUpperCase() === 'FINAL_VAR' ? 'variable' : 'text';
    return { kind, start, bodyStart: match.index + match[0].length, parenthesised: true };
  }
  const labelled =
    /^[ \t>*_-]*(?:\*\*|__)?(?:FINAL(?: ANSWER)?|Final [Aa]nswer)(?:\*\*|__)?[ \t]*:[ \t]*(?:\*\*|__)?[ \t]*(?=\S)/gm;
  for (let match = labelled.exec(text); match; match = labelled.exec(text)) {
    if (outside(match.index))
      return { kind: 'text', start: match.index, bodyStart: match.index + match[0].length, parenthesised: false };
  }
  // `## Final answer` or a line of its own in bold (`**Final Answer**`, `**Final answer:**`), the answer below it.
  const heading =
    /^(?:(?:#{1,6}[ \t]+(?:\*\*|__)?|\*\*|__)?(?:FINAL ANSWER|Final [Aa]nswer)|(?:#{1,6}[ \t]+(?:\*\*|__)?|\*\*|__)FINAL)[ \t]*:?[ \t]*(?:\*\*|__)?[ \t]*:?[ \t]*#*[ \t]*\r?\n/gm;
  for (let match = heading.exec(text); match; match = heading.exec(text)) {
    const bodyStart = match.index + match[0].length;
    // A heading over the code that computes the answer ("Final answer" then a ```js block) is no answer itself.
    const overCode = fences.some(
      (f) => f.start >= bodyStart && !text.slice(bodyStart, f.start).trim() && classify(f) === 'run',
    );
    if (outside(match.index) && text.slice(bodyStart).trim() && !overCode)
      return { kind: 'text', start: match.index, bodyStart, parenthesised: false };
  }
  const tagged = /<(answer|final_answer|final)>([\s\S]*?)<\/\1>/i.exec(text);
  if (tagged && outside(tagged.index) && tagged[2].trim()) {
    const bodyStart = tagged.index + tagged[1].length + 2;
    return {
      kind: 'text',
      start: tagged.index,
      bodyStart,
      parenthesised: false,
      bodyEnd: bodyStart + tagged[2].length,
    };
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
      return { kind: last[1] === 'FINAL_VAR' ? 'variable' : 'text', start: last.index, bodyStart, parenthesised: true };
    }
  }
  return undefined;
}

function findFinal(text: string, fences: readonly Fence[]): { start: number; statement: FinalStatement } | undefined {
  const opening = findFinalOpening(text, fences) ?? findClosingFinal(text, fences);
  if (!opening) return undefined;
  const body = opening.parenthesised
    ? finalBody(text, opening.bodyStart)
    : text.slice(opening.bodyStart, opening.bodyEnd).replace(/(?:\*\*|__)\s*$/, '');
  // "…the answer in prose…\n\nFINAL(see above)": the prose is the answer.
  const before = text.slice(0, opening.start).trim();
  if (opening.kind === 'text' && /^(?:see |as (?:stated |written |given )?)?above\.?$/i.test(body.trim()) && before)
    return { start: opening.start, statement: { kind: 'text', answer: proseOf(before, findFences(before)) } };
  return { start: opening.start, statement: statementOf(opening.kind, body) };
}

/** A fence that holds nothing but a `FINAL(…)` of prose (which does not parse as code): the model's answer. */
function finalInFence(fences: readonly Fence[]): { start: number; statement: FinalStatement } | undefined {
  for (const fence of fences) {
    const body = fence.body.trim();
    const open = /^(FINAL_VAR|FINAL)[ \t]*\(/.exec(body);
    if (!open || !body.endsWith(')') || (classify(fence) === 'run' && isCellSource(body))) continue;
    if (foreignLanguages.has(fence.language)) continue;
    const inside = finalBody(body, open[0].length);
    return { start: fence.start, statement: statementOf(open[1] === 'FINAL_VAR' ? 'variable' : 'text', inside) };
  }
  return undefined;
}

/** Fields models answer in when their reply is a JSON object: `{"final": …}`, `{"final_answer": …}`, `{"answer": …}`. */
const answerFields = ['final_answer', 'finalAnswer', 'final', 'answer', 'response'];
/** The `action` of a ReAct reply written as JSON that ends the run: `{"action": "Final Answer", "action_input": …}`. */
const finalAction = /^(?:final(?:[ _-]?answer)?|answer|finish)$/i;

/**
 * A reply that is one JSON object (or ends with a ```json fence holding one) stating the answer rather than code to
 * run: an answer field, or a ReAct final action. An object with a code field is a tool call, read elsewhere.
 */
function finalInJson(text: string, fences: readonly Fence[]): { start: number; statement: FinalStatement } | undefined {
  const candidates: { start: number; json: string }[] = [];
  const trimmed = text.trim();
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) candidates.push({ start: text.indexOf('{'), json: trimmed });
  const last = fences.at(-1);
  if (last && ['json', 'jsonc', ''].includes(last.language) && !text.slice(last.end).trim())
    candidates.push({ start: last.start, json: last.body });
  // A call of a final-answer tool: `<tool_call>{"name": "final_answer", "arguments": {"answer": …}}</tool_call>`.
  for (const match of text.matchAll(/<tool_call>([\s\S]*?)(?:<\/tool_call>|$)/g))
    candidates.push({ start: match.index, json: match[1].trim() });
  for (const { start, json } of candidates) {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    const record = value as Record<string, unknown>;
    if (codeFields.some((field) => typeof record[field] === 'string')) continue;
    const action = record.action ?? record.tool ?? record.name;
    const answer =
      typeof action === 'string'
        ? finalAction.test(action.trim())
          ? (record.action_input ?? record.input ?? record.answer ?? answerIn(record.arguments ?? record.parameters))
          : undefined
        : answerFields.map((field) => record[field]).find((v) => v !== undefined && v !== null);
    const stated = typeof answer === 'string' ? answer.trim() : typeof answer === 'number' ? String(answer) : '';
    if (stated) return { start, statement: { kind: 'text', answer: stated } };
  }
  return undefined;
}

/** The answer field of a final call's arguments (`{"name": "final_answer", "arguments": {"answer": …}}`). */
function answerIn(args: unknown): unknown {
  let value = args;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return value;
    }
  }
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  return answerFields.map((field) => record[field]).find((v) => v !== undefined && v !== null);
}

/** Bodies that stand for an answer still to come: "I will reply with FINAL(answer)". */
const placeholderBodies =
  /^(?:the |your |my |final |an? )?(?:answer|result|response|summary)s?$|^(?:\.{2,}|…|x|_+|<[^<>]*>|\[[^[\]]*\])$/i;
/** A body that reads as a JavaScript value: a variable or property path, or quoted strings and templates joined by `+`. */
const identifierPath = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[\d+\])*$/;
const quotedParts =
  /^(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\[\s\S])*`|[A-Za-z_$][\w$.[\]]*)(?:\s*\+\s*(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\[\s\S])*`|[A-Za-z_$][\w$.[\]]*))*$/;

function statementOf(kind: 'text' | 'variable', rawBody: string): FinalStatement {
  const body = rawBody.trim();
  if (kind === 'variable') return { kind: 'variable', name: body.replace(/^["'`]|["'`]$/g, '').trim() };
  const placeholder = placeholderBodies.test(body);
  const quoted = /^["'`]/.test(body) && quotedParts.test(body) && isCellSource(`(${body})`);
  // `FINAL("at " + grep("x")[0].file)` written as prose (after `Action Input:`, or as the reply's last line).
  const computed = replCall.test(body) && isCellSource(`(${body})`);
  if (placeholder || identifierPath.test(body) || quoted || computed)
    return { kind: 'expression', source: body, placeholder };
  return { kind: 'text', answer: body };
}

/**
 * The inside of `FINAL(…)`: up to a `)` that balances the opening one and ends the reply or its paragraph (so text
 * after a blank line, "(Let me know…)", stays out); else up to the reply's last `)` when only whitespace (or a
 * closing bold marker) follows it, so "1) first" or ":)" inside the answer do not end it early; else up to the
 * balancing `)`; else the rest (a cut reply).
 */
function finalBody(text: string, from: number): string {
  let depth = 1;
  const endsParagraph = /[ \t]*(?:\*\*|__)?[ \t]*(?:\r?\n[ \t]*\r?\n|\s*$)/y;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth <= 0) {
      endsParagraph.lastIndex = i + 1;
      if (endsParagraph.test(text)) return text.slice(from, i);
    }
  }
  const tail = /\)\s*(?:\*\*|__)?\s*$/.exec(text.slice(from));
  if (tail) return text.slice(from, from + tail.index);
  depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(from, i);
  }
  return text.slice(from);
}
