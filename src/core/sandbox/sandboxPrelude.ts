/**
 * The JavaScript evaluated once inside each QuickJS context: it turns the hidden host entry points into the named
 * REPL functions of the table (each with an `.async` form that returns a promise), adds `console` and
 * `FINAL_VAR`, then removes the entry points from the global object.
 */
export const syncEntryName = '__rlmHostSync';
export const startEntryName = '__rlmHostStart';
export const localEntryName = '__rlmHostLocal';

/** Globals the prelude adds beside the function table. */
export const preludeGlobals: readonly string[] = ['FINAL_VAR', 'console', ...finalAliases()];

/** Other names models end with (smolagents' `final_answer`, a lower-case `final`): the same as FINAL. */
function finalAliases(): string[] {
  return ['final_answer', 'FINAL_ANSWER', 'final', 'Final'];
}

/** Bounds on what model code may pass to a host function, checked inside the sandbox before anything is serialized. */
export interface ArgumentBounds {
  /** Nesting of arrays and objects. */
  maxDepth: number;
  /** Array elements, object properties and values, counted over all arguments. */
  maxValues: number;
  /** Characters of all strings and keys together. */
  maxChars: number;
}

export const defaultArgumentBounds: ArgumentBounds = { maxDepth: 8, maxValues: 200_000, maxChars: 16 * 1024 * 1024 };

/** How deep the value a cell ends with (or throws) is shown; deeper arrays and objects read "[…]" and "{…}". */
const maxShownDepth = 20;

/**
 * Generates the prelude; only strings cross the boundary (JSON), so no host object is ever reachable inside. The
 * script's value is the function that shows a cell's last value or what it threw (see `showValue` below); the host
 * keeps it, and nothing else can reach it.
 */
export function sandboxPrelude(
  functions: readonly { name: string; mode: 'async' | 'sync' }[],
  bounds: ArgumentBounds = defaultArgumentBounds,
  /** Characters of an object print() writes out, at most: the cell's output cap, which keeps no more anyway. */
  printedChars = 20_000,
): string {
  const bindings = functions.map(
    (f) => `  define(${JSON.stringify(f.name)}, ${f.mode === 'async'}, ${f.name === 'print'});`,
  );
  return `(function () { const show = (function (callSync, callStart, callLocal) {
  'use strict';
  const stringify = JSON.stringify, parse = JSON.parse, ErrorCtor = Error, TypeErrorCtor = TypeError, defineProperty = Object.defineProperty;
  const isArray = Array.isArray, keys = Object.keys, assign = Object.assign, PromiseCtor = Promise, RegExpCtor = RegExp;
  const apply = Reflect.apply, join = Array.prototype.join, isView = ArrayBuffer.isView;
  const format = (value) => {
    if (typeof value === 'string') return value;
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return String(value);
    if (value !== null && typeof value === 'object') return show(value, ${printedChars}, 'pretty');
    try { return stringify(value) ?? String(value); } catch (e) { return String(value); }
  };
  const tooMany = (name) => { throw new TypeErrorCtor(name + ': the arguments hold more than ${bounds.maxValues} values; pass fewer or smaller items.'); };
  // An explicit stack, not recursion: a 40,000-deep array is refused at depth ${bounds.maxDepth}, not serialized.
  const checkBounds = (name, args) => {
    // Indexed reads and writes only: model code may have replaced Array.prototype.push, pop or the iterator.
    let values = 0, chars = 0, top = 1;
    const stack = { 0: { value: args, depth: 0 } };
    while (top > 0) {
      const entry = stack[--top];
      const value = entry.value, depth = entry.depth;
      if (++values > ${bounds.maxValues}) tooMany(name);
      if (typeof value === 'string') chars += value.length;
      else if (value !== null && typeof value === 'object') {
        if (depth >= ${bounds.maxDepth}) throw new TypeErrorCtor(name + ': the arguments are nested more than ${bounds.maxDepth} levels deep; pass strings, lists of strings and flat option objects.');
        const k = isArray(value) ? undefined : keys(value);
        if (values + (k ? k.length : value.length) > ${bounds.maxValues}) tooMany(name);
        if (!k) { for (let i = 0; i < value.length; i++) { const item = value[i]; if (typeof item === 'string') { values++; chars += item.length; } else stack[top++] = { value: item, depth: depth + 1 }; } }
        else { for (let i = 0; i < k.length; i++) { chars += k[i].length; stack[top++] = { value: value[k[i]], depth: depth + 1 }; } }
      }
      if (chars > ${bounds.maxChars}) throw new TypeErrorCtor(name + ': the arguments hold more than ${bounds.maxChars} characters; pass less text per call.');
    }
  };
  const unwrap = (json) => {
    const reply = parse(json);
    if (!reply.ok) throw new ErrorCtor(reply.error);
    return reply.value;
  };
  // grep(/regex/i) and grep(pattern, "src/**"): the pattern's source and its case flag, a string as the glob.
  const grepArguments = (args) => {
    let [pattern, options] = args;
    if (typeof options === 'string') options = { glob: options };
    if (pattern instanceof RegExpCtor) {
      const flags = String(pattern.flags);
      options = assign({ caseSensitive: flags.indexOf('i') < 0 }, options);
      pattern = String(pattern.source);
    }
    return options === undefined ? [pattern] : [pattern, options];
  };
  const define = (name, isHost, formatsArgs) => {
    const payload = (given) => {
      const args = name === 'grep' ? grepArguments(given) : given;
      const values = formatsArgs ? [args.map(format).join(' ')] : args;
      checkBounds(name, values);
      return stringify(values);
    };
    const fn = function (...args) {
      return unwrap((isHost ? callSync : callLocal)(name, payload(args)));
    };
    // The promise form: started at once, so several of them run side by side; the transform calls it where code awaits.
    const asyncFn = function (...args) {
      if (!isHost) return PromiseCtor.resolve(fn(...args));
      let json;
      try { json = payload(args); } catch (e) { return PromiseCtor.reject(e); }
      return callStart(name, json).then(unwrap);
    };
    defineProperty(fn, 'async', { value: asyncFn });
    defineProperty(globalThis, name, { value: fn, writable: true, configurable: true, enumerable: false });
  };
${bindings.join('\n')}
  // The print of the table, kept: \`const print = console.log\` must not make console.log call itself.
  const printFn = globalThis.print;
  const log = function (...args) { return printFn(...args); };
  const consoleObject = { log, info: log, warn: log, error: log, debug: log, trace: log, dir: (value) => printFn(value), table: (value) => printFn(value), group: log, groupCollapsed: log, groupEnd: () => undefined, time: () => undefined, timeEnd: () => undefined, timeLog: log, count: log, assert: (ok, ...args) => { if (!ok) printFn('Assertion failed', ...args); } };
  defineProperty(globalThis, 'console', { value: consoleObject, writable: true, configurable: true, enumerable: false });
  // Built-ins newer than QuickJS that models reach for.
  if (typeof globalThis.structuredClone !== 'function')
    defineProperty(globalThis, 'structuredClone', { value: (value) => (value === undefined ? undefined : parse(stringify(value))), writable: true, configurable: true, enumerable: false });
  if (typeof Array.fromAsync !== 'function')
    defineProperty(Array, 'fromAsync', { value: async function (items, map) { const out = []; let i = 0; for await (const item of items) out.push(map ? await map(item, i++) : item); return out; }, writable: true, configurable: true, enumerable: false });
  // FINAL of a promise would answer "{}"; FINAL of nothing ends nothing (the host refuses undefined, null and '').
  const finalFn = globalThis.FINAL;
  const finalChecked = function (...args) {
    const value = args[0];
    if (value !== null && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function')
      throw new TypeErrorCtor('FINAL got a Promise: write FINAL(await ...) so it answers with the value.');
    return finalFn(...args);
  };
  defineProperty(finalChecked, 'async', { value: finalFn.async });
  defineProperty(globalThis, 'FINAL', { value: finalChecked, writable: true, configurable: true, enumerable: false });
  for (const alias of ${JSON.stringify(finalAliases())}) defineProperty(globalThis, alias, { value: finalChecked, writable: true, configurable: true, enumerable: false });
  // The reference RLM's form: FINAL_VAR("name") (or FINAL_VAR(value)) answers with a variable built in the REPL.
  const finalVar = function (nameOrValue) {
    const named = typeof nameOrValue === 'string' && /^[A-Za-z_$][\\w$]*$/.test(nameOrValue.trim()) && nameOrValue.trim() in globalThis;
    return globalThis.FINAL(named ? globalThis[nameOrValue.trim()] : nameOrValue);
  };
  defineProperty(globalThis, 'FINAL_VAR', { value: finalVar, writable: true, configurable: true, enumerable: false });
${showValue}
  return show;
})(globalThis.${syncEntryName}, globalThis.${startEntryName}, globalThis.${localEntryName});
delete globalThis.${syncEntryName};
delete globalThis.${startEntryName};
delete globalThis.${localEntryName};
return show; })()
`;
}

/**
 * JSON.stringify(value, null, 2) as the model knows it, written out with an explicit stack and stopped at
 * `maxChars`: the host's own dump of a value is one native call, so a 100,000-deep object (quadratic in its
 * indentation) or a huge array ran past every limit there, and the worker was replaced with all variables. Here
 * every step is bytecode the CPU limit interrupts.
 */
const showValue = `  const isErrorLike = (v) => v instanceof ErrorCtor || (v !== null && typeof v === 'object' && (typeof v.name === 'string' || typeof v.message === 'string'));
  const cut = (text, max) => (typeof text === 'string' && text.length > max ? text.slice(0, max) : text);
  const showValue = (value, maxChars, pretty) => {
    const parts = [];
    let count = 0, size = 0, top = 0;
    const stack = {};
    const emit = (text) => { parts[count++] = text; size += text.length; };
    const write = (raw, key, indent, depth) => {
      let v = raw;
      if (v !== null && (typeof v === 'object' || typeof v === 'function') && typeof v.toJSON === 'function') v = v.toJSON(String(key));
      if (v === null || v === undefined || typeof v === 'function' || typeof v === 'symbol') { emit('null'); return; }
      if (typeof v === 'bigint' || (typeof v === 'string' && pretty && depth === 0)) { emit(String(v)); return; }
      if (typeof v !== 'object') { emit(stringify(v)); return; }
      // A typed array reads like an array, by index: its million keys would be listed first, out of memory.
      const array = isArray(v) || (isView(v) && typeof v.length === 'number');
      if (depth >= ${maxShownDepth}) { emit(array ? '[…]' : '{…}'); return; }
      emit(array ? '[' : '{');
      stack[top++] = { v, k: array ? undefined : keys(v), i: 0, shown: 0, indent, depth };
    };
    write(value, '', '', 0);
    while (top > 0 && size <= maxChars) {
      const f = stack[top - 1];
      const length = f.k ? f.k.length : f.v.length;
      if (f.i >= length) {
        top--;
        emit((f.shown > 0 && pretty ? '\\n' + f.indent : '') + (f.k ? '}' : ']'));
        continue;
      }
      const key = f.k ? f.k[f.i] : f.i;
      f.i++;
      const item = f.v[key];
      if (f.k && (item === undefined || typeof item === 'function' || typeof item === 'symbol')) continue;
      const inner = pretty ? f.indent + '  ' : '';
      emit((f.shown++ > 0 ? ',' : '') + (pretty ? '\\n' + inner : '') + (f.k ? stringify(key) + (pretty ? ': ' : ':') : ''));
      write(item, key, inner, f.depth + 1);
    }
    const text = apply(join, parts, ['']);
    return size > maxChars || top > 0 ? text.slice(0, maxChars) + '… [value cut at ' + maxChars + ' characters: show part of it, e.g. value.slice(0, 20) or Object.keys(value)]' : text;
  };
  // 'pretty': a cell's last value; 'compact': a thrown value that is not an error; 'error': an error's fields as
  // JSON (each a bounded string or number), or undefined when the value is no error.
  const show = (value, maxChars, mode) => {
    if (mode === 'error') {
      if (!isErrorLike(value)) return undefined;
      const field = (v) => (typeof v === 'string' ? cut(v, maxChars) : typeof v === 'number' ? v : undefined);
      return stringify({ name: field(value.name), message: field(value.message), stack: field(value.stack), lineNumber: field(value.lineNumber) });
    }
    if (mode === 'pretty' && value instanceof ErrorCtor) return showValue({ name: value.name, message: value.message, stack: value.stack }, maxChars, true);
    return showValue(value, maxChars, mode === 'pretty');
  };`;
