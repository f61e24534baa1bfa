/**
 * Turns the code a model wrote into a script the REPL can run as the model meant it, on a parsed tree (acorn), with
 * line numbers kept so errors point at the model's own lines:
 * - TypeScript syntax is stripped by sucrase when the cell does not parse as JavaScript;
 * - top-level `const`/`let`/`class` become re-declarable globals, so re-running a cell works;
 * - a cell with top-level `await` runs inside an async function whose declarations still land on the global object;
 * - REPL functions called where their promise is awaited (`await llm(p)`, `.then`, `Promise.all(xs.map(x => llm(x)))`)
 *   become calls of their `.async` form, so several sub-calls really run at once.
 */
import { parse, type Options } from 'acorn';
import { ancestor, full, type AncestorVisitors } from 'acorn-walk';
import { transform as sucraseTransform } from 'sucrase';

/** Acorn's ESTree nodes, as far as this module looks at them. */
interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

export interface TransformedCell {
  code: string;
  /** True when the cell is wrapped in an async function (top-level await); its value is the promise's result. */
  async: boolean;
  /** True when TypeScript syntax was stripped. */
  typescript: boolean;
}

/** A cell that is neither JavaScript nor TypeScript, or uses modules: the message the model reads. */
export class CellSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
  ) {
    super(line === undefined ? message : `${message} (line ${line})`);
    this.name = 'SyntaxError';
  }
}

/** Longest cell the REPL parses; models that paste whole files into code are told to read them instead. */
const maxCellChars = 200_000;

const parseOptions: Options = {
  ecmaVersion: 'latest',
  sourceType: 'script',
  allowAwaitOutsideFunction: true,
  // `if (!hits.length) return print("none")` at the top of a cell: the cell then runs as a function body.
  allowReturnOutsideFunction: true,
  locations: true,
};

export function transformCell(
  source: string,
  asyncFunctionNames: ReadonlySet<string>,
  replNames: ReadonlySet<string> = asyncFunctionNames,
): TransformedCell {
  if (source.length > maxCellChars) {
    throw new CellSyntaxError(
      `The cell has ${source.length} characters; the REPL runs cells of up to ${maxCellChars}. Read file contents with readFile() instead of pasting them into code`,
      undefined,
    );
  }
  const { program, code, typescript } = parseCell(withoutReplImports(source, replNames));
  const edits: Edit[] = [];
  const shadowed = declaredNames(program);
  const callables = new Set([...asyncFunctionNames].filter((name) => !shadowed.has(name)));
  awaitedCalls(program, callables, edits);
  const isAsync = hasTopLevel(program, isAwait) || hasTopLevel(program, (node) => node.type === 'ReturnStatement');
  if (!isAsync) {
    persistDeclarations(program, code, edits);
    return { code: applyEdits(code, edits), async: false, typescript };
  }
  const wrapper = wrapInAsyncFunction(program, code, edits);
  return { code: `${wrapper.before}${applyEdits(code, edits)}${wrapper.after}`, async: true, typescript };
}

/** Whether the text parses as a cell (JavaScript, or TypeScript once its types are stripped). */
export function isCellSource(source: string): boolean {
  if (source.length > maxCellChars) return false;
  try {
    parseCell(source);
    return true;
  } catch {
    return false;
  }
}

/**
 * `export const x = …`, `export default …`, `export {}`: module habits that mean nothing in a REPL. The keyword (or
 * the whole `export { … }` line) is blanked with spaces, so positions and line numbers stay.
 */
function withoutExports(source: string): string {
  return source
    .replace(/^[ \t]*export[ \t]*\{[^}\n]*\}[ \t]*;?[ \t]*$/gm, (line) => ' '.repeat(line.length))
    .replace(
      /^([ \t]*)(export[ \t]+(?:default[ \t]+)?)(?=\S)/gm,
      (_whole, indent: string, keyword: string) => indent + ' '.repeat(keyword.length),
    );
}

const replImport = /^[ \t]*import[ \t]*\{([^}\n]*)\}[ \t]*from[ \t]*(["'])[^"'\n]*\2[ \t]*;?[ \t]*$/gm;
const replRequire =
  /^[ \t]*(?:const|let|var)[ \t]*\{([^}\n]*)\}[ \t]*=[ \t]*(?:await[ \t]+)?(?:require|import)\([ \t]*(["'])[^"'\n]*\2[ \t]*\)[ \t]*;?[ \t]*$/gm;

/**
 * `import { grep, FINAL } from "rlm"` or `const { llm } = require("repl")`: the model importing REPL functions, which
 * are globals already. Such a line is blanked with spaces (lines stay) when every name it takes is a REPL global
 * under its own name; importing anything else still gets the "no modules" message.
 */
function withoutReplImports(source: string, replNames: ReadonlySet<string>): string {
  const onlyReplNames = (list: string): boolean => {
    const names = list
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    return names.length > 0 && names.every((name) => replNames.has(name));
  };
  const blank = (line: string, list: string): string => (onlyReplNames(list) ? ' '.repeat(line.length) : line);
  if (!/\b(?:import|require)\b/.test(source)) return source;
  return source.replace(replImport, blank).replace(replRequire, blank);
}

/** Typographic quotes a chat interface or a small model put where code has straight ones (same length: lines stay). */
function withStraightQuotes(source: string): string {
  return source.replace(/[\u201C\u201D\u201E]/g, '"').replace(/[\u2018\u2019]/g, "'");
}

/** Zero-width spaces, joiners and byte-order marks pasted into code, where they break names and tokens. */
function withoutInvisibleCharacters(source: string): string {
  return source.replace(/[\u200B-\u200D\u2060\uFEFF]/g, '');
}

function parseCell(source: string): { program: Node; code: string; typescript: boolean } {
  try {
    return parseScript(source);
  } catch (error) {
    // Repairs tried in turn, each only when the cell does not parse as written: module syntax, typographic quotes,
    // invisible characters.
    let repaired = source;
    for (const repair of [withoutExports, withStraightQuotes, withoutInvisibleCharacters]) {
      const next = repair(repaired);
      if (next === repaired) continue;
      repaired = next;
      try {
        return parseScript(repaired);
      } catch {
        // Try the next repair on top of this one.
      }
    }
    throw error;
  }
}

function parseScript(source: string): { program: Node; code: string; typescript: boolean } {
  let jsError: unknown;
  try {
    return { program: parse(source, parseOptions) as unknown as Node, code: source, typescript: false };
  } catch (error) {
    jsError = error;
  }
  let stripped: string | undefined;
  try {
    // sucrase keeps every line where it was, so errors and citations of cell lines stay right.
    stripped = sucraseTransform(source, {
      transforms: ['typescript'],
      disableESTransforms: true,
      keepUnusedImports: true,
    }).code;
  } catch {
    // Not TypeScript either: report the JavaScript error, the one the model can act on.
  }
  if (stripped !== undefined) {
    try {
      return { program: parse(stripped, parseOptions) as unknown as Node, code: stripped, typescript: true };
    } catch (error) {
      jsError = error;
    }
  }
  throw toCellSyntaxError(jsError);
}

function toCellSyntaxError(error: unknown): CellSyntaxError {
  const located = error as { message?: string; loc?: { line: number } };
  const message = (located.message ?? String(error)).replace(/\s*\(\d+:\d+\)$/, '');
  if (/'import' and 'export' may appear only|Cannot use import statement/.test(message)) {
    return new CellSyntaxError(
      'import and export are not available: the REPL has no modules. Call the REPL functions (readFile, grep, listFiles, llm...) directly',
      located.loc?.line,
    );
  }
  return new CellSyntaxError(message, located.loc?.line);
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

function applyEdits(code: string, edits: readonly Edit[]): string {
  // In one pass, so a cell of 20,000 declarations costs as many pieces, not 20,000 copies of itself. Inserts at one
  // position keep their order and come before a replacement starting there; a replacement covers its range once.
  const ordered = edits
    .map((edit, order) => ({ ...edit, order }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  const pieces: string[] = [];
  let at = 0;
  for (const edit of ordered) {
    pieces.push(code.slice(at, Math.max(at, edit.start)), edit.text);
    at = Math.max(at, edit.end);
  }
  pieces.push(code.slice(at));
  return pieces.join('');
}

/** Every name the cell binds anywhere (variables, functions, parameters, classes): those shadow REPL functions. */
function declaredNames(program: Node): Set<string> {
  const names = new Set<string>();
  full(program as never, (walked) => {
    const node = walked as unknown as Node;
    if (node.type === 'VariableDeclarator') patternNames(node.id as Node, names);
    else if (
      node.type === 'FunctionDeclaration' ||
      node.type === 'FunctionExpression' ||
      node.type === 'ArrowFunctionExpression'
    ) {
      if (node.id) names.add((node.id as Node & { name: string }).name);
      for (const param of node.params as Node[]) patternNames(param, names);
    } else if ((node.type === 'ClassDeclaration' || node.type === 'ClassExpression') && node.id)
      names.add((node.id as Node & { name: string }).name);
    else if (node.type === 'CatchClause' && node.param) patternNames(node.param as Node, names);
  });
  return names;
}

function patternNames(pattern: Node, into: Set<string>): void {
  switch (pattern.type) {
    case 'Identifier':
      into.add(pattern.name as string);
      break;
    case 'ObjectPattern':
      for (const p of pattern.properties as Node[])
        patternNames(p.type === 'RestElement' ? p : (p.value as Node), into);
      break;
    case 'ArrayPattern':
      for (const e of pattern.elements as (Node | null)[]) if (e) patternNames(e, into);
      break;
    case 'RestElement':
      patternNames(pattern.argument as Node, into);
      break;
    case 'AssignmentPattern':
      patternNames(pattern.left as Node, into);
      break;
  }
}

const promiseCombinators = new Set(['all', 'allSettled', 'any', 'race']);
const promiseMethods = new Set(['then', 'catch', 'finally']);
const isFunction = (node: Node | undefined): boolean =>
  node?.type === 'ArrowFunctionExpression' ||
  node?.type === 'FunctionExpression' ||
  node?.type === 'FunctionDeclaration';

/** Marks calls of REPL functions whose value is used as a promise; those call the function's `.async` form. */
function awaitedCalls(program: Node, callables: ReadonlySet<string>, edits: Edit[]): void {
  if (callables.size === 0) return;
  const visitors: AncestorVisitors<unknown> = {
    CallExpression(node, _state, ancestors) {
      const call = node as unknown as Node;
      const callee = call.callee as Node & { name?: string };
      if (callee.type !== 'Identifier' || !callables.has(callee.name ?? '')) return;
      if (usedAsPromise(call, ancestors as unknown as Node[]))
        edits.push({ start: callee.end, end: callee.end, text: '.async' });
    },
  };
  ancestor(program as never, visitors);
}

/** Whether the value of `call` flows straight into an await, a promise method or a promise combinator. */
function usedAsPromise(call: Node, ancestors: readonly Node[]): boolean {
  let child = call;
  for (let i = ancestors.length - 2; i >= 0; i--) {
    const parent = ancestors[i];
    switch (parent.type) {
      case 'AwaitExpression':
        return true;
      case 'ParenthesizedExpression':
      case 'ChainExpression':
        break;
      case 'MemberExpression': {
        const grand = ancestors[i - 1];
        return (
          parent.object === child &&
          grand?.type === 'CallExpression' &&
          grand.callee === parent &&
          promiseMethods.has(propertyName(parent) ?? '')
        );
      }
      case 'ArrayExpression':
        // [llm(a), llm(b)] given to Promise.all
        break;
      case 'ReturnStatement':
      case 'ArrowFunctionExpression': {
        if (parent.type === 'ArrowFunctionExpression' && parent.body !== child) return false;
        const fn = parent.type === 'ArrowFunctionExpression' ? parent : enclosingFunction(ancestors, i);
        if (!fn) return false;
        if (fn.async === true) return true;
        // `xs.map(x => llm(x))` whose array goes to Promise.all
        return isMappedIntoCombinator(fn, ancestors.slice(0, ancestors.indexOf(fn) + 1));
      }
      case 'BlockStatement':
        return false;
      case 'CallExpression':
        return isCombinatorCall(parent) && (parent.arguments as Node[]).includes(child);
      default:
        return false;
    }
    child = parent;
  }
  return false;
}

function enclosingFunction(ancestors: readonly Node[], from: number): Node | undefined {
  for (let i = from; i >= 0; i--) if (isFunction(ancestors[i])) return ancestors[i];
  return undefined;
}

/** `fn` is the callback of `xs.map(fn)` (or flatMap) and that call is an argument of Promise.all/allSettled/any/race. */
function isMappedIntoCombinator(fn: Node, ancestors: readonly Node[]): boolean {
  const mapCall = ancestors[ancestors.length - 2];
  if (mapCall?.type !== 'CallExpression' || !(mapCall.arguments as Node[]).includes(fn)) return false;
  const callee = mapCall.callee as Node;
  if (callee.type !== 'MemberExpression' || !['map', 'flatMap'].includes(propertyName(callee) ?? '')) return false;
  const outer = ancestors[ancestors.length - 3];
  return outer?.type === 'CallExpression' && isCombinatorCall(outer) && (outer.arguments as Node[]).includes(mapCall);
}

function isCombinatorCall(call: Node): boolean {
  const callee = call.callee as Node;
  return (
    callee.type === 'MemberExpression' &&
    (callee.object as Node & { name?: string }).name === 'Promise' &&
    promiseCombinators.has(propertyName(callee) ?? '')
  );
}

function propertyName(member: Node): string | undefined {
  const property = member.property as Node & { name?: string; value?: unknown };
  if (!member.computed) return property.name;
  return typeof property.value === 'string' ? property.value : undefined;
}

function isAwait(node: Node): boolean {
  return node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await === true);
}

/** Whether a node outside every function of the cell is one `wanted` picks (an `await`, a `return`). */
function hasTopLevel(program: Node, wanted: (node: Node) => boolean): boolean {
  let found = false;
  const visit = (node: Node): void => {
    if (found || !node || typeof node !== 'object') return;
    if (isFunction(node)) return;
    if (wanted(node)) {
      found = true;
      return;
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) for (const item of value) visit(item as Node);
      else if (value && typeof value === 'object' && typeof (value as Node).type === 'string') visit(value as Node);
    }
  };
  // Class bodies are not functions but their methods are; property initialisers cannot await at top level anyway.
  for (const statement of program.body as Node[]) visit(statement);
  return found;
}

/** Top-level `const`/`let` become `var` and `class X` becomes `var X = class X`, so a later cell may declare them again. */
function persistDeclarations(program: Node, code: string, edits: Edit[]): void {
  for (const statement of program.body as Node[]) {
    if (statement.type === 'VariableDeclaration' && statement.kind !== 'var') {
      edits.push({ start: statement.start, end: statement.start + (statement.kind as string).length, text: 'var' });
    } else if (statement.type === 'ClassDeclaration') {
      const name = (statement.id as Node & { name: string }).name;
      edits.push({ start: statement.start, end: statement.start, text: `var ${name} = ` });
      if (code[statement.end - 1] !== ';') edits.push({ start: statement.end, end: statement.end, text: ';' });
    }
  }
}

/**
 * `var a, b; (async () => { a = ...; ...; return (last expression); })()`: the declarations are globals, so they
 * persist like in any other cell, and the cell's value is the promise of its last expression.
 */
function wrapInAsyncFunction(program: Node, code: string, edits: Edit[]): { before: string; after: string } {
  const hoisted = new Set<string>();
  const body = program.body as Node[];
  for (const statement of body) {
    if (statement.type === 'VariableDeclaration') {
      // `const a = 1, {b} = f()` → `void ((a = 1), ({b} = f()))`: small edits, so calls inside keep their own edits.
      const declarators = statement.declarations as Node[];
      edits.push({ start: statement.start, end: declarators[0].start, text: 'void (' });
      for (const declarator of declarators) {
        patternNames(declarator.id as Node, hoisted);
        const init = declarator.init as Node | null;
        if (!init) continue;
        edits.push({ start: declarator.start, end: declarator.start, text: '(' });
        edits.push({ start: declarator.end, end: declarator.end, text: ')' });
      }
      edits.push({ start: declarators.at(-1)!.end, end: declarators.at(-1)!.end, text: ')' });
    } else if (statement.type === 'FunctionDeclaration') {
      const name = (statement.id as Node & { name: string }).name;
      hoisted.add(name);
      edits.push({ start: statement.end, end: statement.end, text: ` globalThis.${name} = ${name};` });
    } else if (statement.type === 'ClassDeclaration') {
      const name = (statement.id as Node & { name: string }).name;
      hoisted.add(name);
      edits.push({ start: statement.start, end: statement.start, text: `${name} = ` });
      edits.push({ start: statement.end, end: statement.end, text: ';' });
    }
  }
  const last = body.at(-1);
  if (last?.type === 'ExpressionStatement') {
    const expression = last.expression as Node;
    edits.push({ start: expression.start, end: expression.start, text: 'return (' });
    edits.push({ start: expression.end, end: expression.end, text: ')' });
  }
  const declare = hoisted.size ? `var ${[...hoisted].join(', ')}; ` : '';
  return { before: `${declare}(async () => { `, after: '\n})()' };
}
