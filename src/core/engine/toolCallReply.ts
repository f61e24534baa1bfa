/**
 * Tool calls written as text in a root model's reply: no tools are offered, but models trained on them write one
 * anyway (JSON objects, `<tool_call>` tags, XML parameters, pythonic calls). What they hold is code for the REPL.
 */
import { isCellSource } from '../sandbox/cellTransform';

/** Calls of REPL functions: what marks text (a bare fence, a tool call's code) as REPL code rather than sample output. */
export const replCall =
  /\b(?:listFiles|grep|readFile|symbols|findSymbol|references|trace|llm|llmBatch|llmMap|rlm|print|FINAL|FINAL_VAR|console\.\w+)\s*\(/;
/** Field names that hold code in the tool calls models write: `{"code": …}`, `{"arguments": {"code": …}}`. */
export const codeFields = ['code', 'source', 'script', 'javascript', 'js', 'input', 'command'];

/** Tags that wrap a tool call written as text (the closing tag may be missing when the reply was cut). */
const toolCallTags: readonly { open: RegExp; close: string }[] = [
  { open: /<tool_call>/g, close: '</tool_call>' },
  { open: /<function_calls>/g, close: '</function_calls>' },
  { open: /<invoke\b[^>]*>/g, close: '</invoke>' },
  { open: /<function=[\w.-]+>/g, close: '</function>' },
  { open: /<TOOLCALL>/g, close: '</TOOLCALL>' },
];
const argumentPair = /<arg_key>\s*([\w-]+)\s*<\/arg_key>\s*<arg_value>([\s\S]*?)(?:<\/arg_value>|$)/g;
/** A code parameter in XML form: Claude's `<parameter name="code">`, Qwen3-Coder's `<parameter=code>`. */
const xmlParameter = /<parameter(?:\s+name\s*=\s*["']?([\w-]+)["']?|=([\w-]+))\s*>\r?\n?([\s\S]*?)(?:<\/parameter>|$)/g;

/**
 * The code of the tool calls written as text, in order: a reply that is one JSON object or array, a ```json fence,
 * Qwen's and Hermes' `<tool_call>…</tool_call>` (JSON, a Python dict, or XML parameters), Claude's
 * `<function_calls><invoke>`, Llama's `<function=name>{…}</function>`, `<|python_tag|>` code and pythonic
 * `[repl(code="…")]`, Mistral's `[TOOL_CALLS][…]`. Only code that parses and calls the REPL counts.
 */
export function codeFromToolCalls(text: string, fences: readonly { language: string; body: string }[]): string[] {
  const trimmed = text.trim();
  const pythonic = codeOfPythonicCall(trimmed);
  if (pythonic !== undefined) return [pythonic];
  const whole: string[] = [];
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) whole.push(trimmed);
  for (const fence of fences) if (fence.language === 'json' || fence.language === 'jsonc') whole.push(fence.body);
  const mistral = /\[TOOL_CALLS\]\s*(\[[\s\S]*\])/.exec(text);
  if (mistral) whole.push(mistral[1]);
  for (const candidate of whole) {
    const codes = codesInJson(candidate);
    if (codes.length) return codes;
  }
  const found: { at: number; end: number; code: string }[] = [];
  for (const { open, close } of toolCallTags) {
    let tried = 0;
    for (const match of text.matchAll(open)) {
      if (++tried > maxToolCalls) break; // each call is parsed: a reply of thousands of tags is not read further
      const at = match.index;
      if (found.some((f) => f.at <= at && at < f.end)) continue; // an `<invoke>` inside `<function_calls>`
      const call = codeInBlock(text, at + match[0].length, close);
      if (call) found.push({ at, ...call });
    }
  }
  return found.sort((x, y) => x.at - y.at).map((f) => f.code);
}

/** Tool calls of one kind read from a reply, at most. */
const maxToolCalls = 20;

/**
 * The code of the tool call whose body starts at `from`: the body ends at a closing tag, the first one after which
 * the call reads (a string in the code may hold the closing tag itself), else at the end of the reply.
 */
function codeInBlock(text: string, from: number, close: string): { code: string; end: number } | undefined {
  const ends: number[] = [];
  for (let at = text.indexOf(close, from); at !== -1 && ends.length < 20; at = text.indexOf(close, at + 1))
    ends.push(at);
  ends.push(text.length);
  for (const end of ends) {
    const block = text.slice(from, end);
    for (const match of block.matchAll(xmlParameter)) {
      const code = match[3].replace(/\s+$/, '');
      if (codeFields.includes((match[1] ?? match[2]).toLowerCase()) && isToolCode(code)) return { code, end };
    }
    const inner = block.trim();
    const jsonFence = /^(?:`{3,}|~{3,})json[^\n]*\n([\s\S]*?)\n[ \t]*(?:`{3,}|~{3,})/m.exec(inner);
    // JSON after a function name (DeepSeek's `function<｜tool▁sep｜>repl`), or the block's own text.
    const json = inner.search(/[{[]/);
    for (const candidate of [jsonFence?.[1], json >= 0 ? inner.slice(json) : undefined, inner]) {
      if (candidate === undefined) continue;
      const [code] = codesInJson(candidate);
      if (code !== undefined) return { code, end };
    }
    // GLM's `<arg_key>code</arg_key><arg_value>…</arg_value>`.
    for (const match of block.matchAll(argumentPair)) {
      if (codeFields.includes(match[1].toLowerCase()) && isToolCode(match[2].trim()))
        return { code: match[2].trim(), end };
    }
    // Code written straight into the block (`<|python_tag|>` followed by JavaScript), or a pythonic call.
    if (isToolCode(inner)) return { code: inner, end };
    const pythonic = codeOfPythonicCall(inner);
    if (pythonic !== undefined) return { code: pythonic, end };
  }
  return undefined;
}

/** The code of each call in a JSON tool call (or a list of them), also when written as a Python dict. */
function codesInJson(candidate: string): string[] {
  for (const source of [candidate, jsonOfPythonLiteral(candidate)]) {
    if (source === undefined) continue;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch {
      continue;
    }
    const calls = Array.isArray(value) ? value : [value];
    const codes = calls.map((call) => codeIn(call, 0)).filter((code): code is string => !!code && isToolCode(code));
    if (codes.length) return codes;
  }
  return [];
}

/**
 * A Python literal (`{'name': 'repl', 'arguments': {'code': '…'}}`, Hermes' habit) as JSON: single-quoted strings
 * re-quoted, `True`/`False`/`None` spelled as JSON. Undefined when it holds no single quote.
 */
function jsonOfPythonLiteral(literal: string): string | undefined {
  if (!literal.includes("'") || literal.length > 200_000) return undefined;
  const constants = (code: string): string =>
    code
      .replace(/\bTrue\b/g, 'true')
      .replace(/\bFalse\b/g, 'false')
      .replace(/\bNone\b/g, 'null');
  let json = '';
  let outside = 0;
  for (let i = 0; i < literal.length; i++) {
    const char = literal[i];
    if (char !== '"' && char !== "'") continue;
    let end = i + 1;
    while (end < literal.length && literal[end] !== char) end += literal[end] === '\\' ? 2 : 1;
    const value = pythonString(literal.slice(i, end + 1));
    if (value === undefined) return undefined;
    json += constants(literal.slice(outside, i)) + JSON.stringify(value);
    i = end;
    outside = end + 1;
  }
  return json + constants(literal.slice(outside));
}

/**
 * A pythonic tool call, the whole text: Llama 3.2's and LFM2's `[repl(code="…")]`, Gemini's
 * `print(default_api.repl(code="…"))` in a `tool_code` block.
 */
const pythonicCall =
  /^(?:print\()?\[?[ \t]*[\w.]+\([ \t]*(\w+)[ \t]*=[ \t]*("(?:[^"\\]|\\[\s\S])*"|'(?:[^'\\]|\\[\s\S])*')[ \t]*\)[ \t]*\]?\)?$/;

/** The code of a pythonic tool call, when the text is one and its argument is code calling the REPL. */
export function codeOfPythonicCall(text: string): string | undefined {
  const call = pythonicCall.exec(text.trim());
  if (!call || !codeFields.includes(call[1].toLowerCase())) return undefined;
  const code = pythonString(call[2]);
  return code !== undefined && isToolCode(code) ? code : undefined;
}

/** A Python string literal's value (the escapes code needs: quotes, backslashes, \n, \t, \uXXXX), or undefined. */
function pythonString(literal: string): string | undefined {
  let json = '';
  const inner = literal.slice(1, -1);
  for (let i = 0; i < inner.length; i++) {
    const char = inner[i];
    if (char === '\\' && i + 1 < inner.length) {
      const next = inner[++i];
      json += next === "'" ? "'" : `\\${next}`;
    } else if (char === '"') json += '\\"';
    else if (char === '\n') json += '\\n';
    else if (char === '\r') json += '\\r';
    else if (char === '\t') json += '\\t';
    else json += char;
  }
  try {
    return JSON.parse(`"${json}"`) as string;
  } catch {
    return undefined;
  }
}

function isToolCode(code: string): boolean {
  return replCall.test(code) && isCellSource(code);
}

function codeIn(value: unknown, depth: number): string | undefined {
  if (depth > 3 || value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const code = codeIn(item, depth + 1);
      if (code) return code;
    }
    return undefined;
  }
  const record = value as Record<string, unknown>;
  for (const field of codeFields) if (typeof record[field] === 'string') return record[field];
  for (const nested of ['arguments', 'parameters', 'args', 'input', 'function']) {
    let inner = record[nested];
    // OpenAI's form: the arguments are a JSON string.
    if (typeof inner === 'string') {
      try {
        inner = JSON.parse(inner);
      } catch {
        continue;
      }
    }
    const code = codeIn(inner, depth + 1);
    if (code) return code;
  }
  return undefined;
}
