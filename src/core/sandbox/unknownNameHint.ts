/**
 * "no function X; did you mean Y?" for a name the cell used that the REPL does not define: other tools' spellings
 * (the reference RLM's `llm_query`, shell commands, Node modules) and near misses of the function table's names.
 */
const otherSpellings: Readonly<Record<string, string>> = {
  llm_query: 'llm',
  llm_query_batched: 'llmBatch',
  query_llm: 'llm',
  ask_llm: 'llm',
  sub_llm: 'llm',
  llm_batch: 'llmBatch',
  llm_map: 'llmMap',
  rlm_query: 'rlm',
  read_file: 'readFile',
  cat: 'readFile',
  open: 'readFile',
  readfile: 'readFile',
  list_files: 'listFiles',
  ls: 'listFiles',
  glob: 'listFiles',
  find: 'listFiles',
  find_files: 'listFiles',
  search: 'grep',
  rg: 'grep',
  ripgrep: 'grep',
  grep_search: 'grep',
  search_code: 'grep',
  find_symbol: 'findSymbol',
  get_symbols: 'symbols',
  find_references: 'references',
  final: 'FINAL',
  final_var: 'FINAL_VAR',
  answer: 'FINAL',
};

const unavailable: Readonly<Record<string, string>> = {
  require: 'there are no modules here; the REPL functions are globals (readFile, grep, listFiles, llm...)',
  process: 'there is no process object; the workspace is reached only through the REPL functions',
  fs: 'there is no file system module; use readFile(path), listFiles(glob) and grep(pattern)',
  fetch: 'there is no network access',
  setTimeout: 'there are no timers; REPL functions answer synchronously, or as promises when awaited',
  setInterval: 'there are no timers',
  context: 'the workspace is not a variable here; explore it with listFiles, grep and readFile',
};

/** The hint to add to a ReferenceError message, or undefined when the error is not about an unknown name. */
export function unknownNameHint(message: string, knownNames: readonly string[]): string | undefined {
  const name = /^'?([\w$]+)'? is not defined$/.exec(message)?.[1];
  if (!name) return undefined;
  if (Object.hasOwn(unavailable, name)) return `no ${name} here: ${unavailable[name]}.`;
  const suggestion =
    (Object.hasOwn(otherSpellings, name) ? otherSpellings[name] : undefined) ?? closest(name, knownNames);
  return suggestion
    ? `no function ${name}; did you mean ${suggestion}()?`
    : `no function or variable ${name}; the REPL functions are ${knownNames.join(', ')}.`;
}

function closest(name: string, knownNames: readonly string[]): string | undefined {
  const folded = name.replace(/_/g, '').toLowerCase();
  const exact = knownNames.find((known) => known.toLowerCase() === folded);
  if (exact) return exact;
  let best: { name: string; distance: number } | undefined;
  for (const known of knownNames) {
    const distance = editDistance(folded, known.toLowerCase());
    if (distance <= Math.max(1, Math.floor(known.length / 4)) && (!best || distance < best.distance))
      best = { name: known, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}
