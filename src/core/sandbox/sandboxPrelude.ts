/**
 * The JavaScript evaluated once inside each QuickJS context: it turns the two hidden host entry points into the
 * named REPL functions of the table, then removes them from the global object.
 */
export const asyncEntryName = '__rlmHostAsync';
export const syncEntryName = '__rlmHostSync';

/** Generates the prelude; only strings cross the boundary (JSON), so no host object is ever reachable inside. */
export function sandboxPrelude(functions: readonly { name: string; mode: 'async' | 'sync' }[], hostCallMaxFrames: number): string {
  const bindings = functions.map((f) => `  define(${JSON.stringify(f.name)}, ${f.mode === 'async'}, ${f.name === 'print'});`);
  return `(function (callAsync, callSync) {
  'use strict';
  const stringify = JSON.stringify, parse = JSON.parse, ErrorCtor = Error, defineProperty = Object.defineProperty;
  const format = (value) => {
    if (typeof value === 'string') return value;
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return String(value);
    try { return stringify(value, null, 2) ?? String(value); } catch (e) { return String(value); }
  };
  const define = (name, isAsync, formatsArgs) => {
    const fn = function (...args) {
      if (isAsync) {
        const frames = new ErrorCtor().stack.split('\\n').length;
        if (frames > ${hostCallMaxFrames}) throw new ErrorCtor(name + '() was called ' + frames + ' stack frames deep; the limit is ${hostCallMaxFrames}. Call it from top-level code or a shallow function.');
      }
      const payload = formatsArgs ? [args.map(format).join(' ')] : args;
      const reply = parse((isAsync ? callAsync : callSync)(name, stringify(payload)));
      if (!reply.ok) throw new ErrorCtor(reply.error);
      return reply.value;
    };
    defineProperty(globalThis, name, { value: fn, writable: true, configurable: true, enumerable: false });
  };
${bindings.join('\n')}
})(globalThis.${asyncEntryName}, globalThis.${syncEntryName});
delete globalThis.${asyncEntryName};
delete globalThis.${syncEntryName};
`;
}

/**
 * Top-level `const`/`let` (at column 0) become `var`, so re-running a cell that declares a name is not a
 * redeclaration error and every top-level name persists across cells. Line numbers are unchanged.
 */
export function persistTopLevelDeclarations(code: string): string {
  return code.replace(/^(const|let)(\s)/gm, 'var$2');
}
