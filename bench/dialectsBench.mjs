// Dialect benchmark: runs every reply shape of the corpus (test/dialects/replyCorpus.ts) through the scripted
// server and the real engine, and prints which ran as intended on the first try and the extra turns each cost.
// Usage: npm run bench:dialects   (bundles the corpus and the engine with esbuild into a temp folder first)
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'dialects-bench-'));
const entry = `
export { dialectCases } from './test/dialects/replyCorpus';
export { runDialectCase } from './test/dialects/runDialectCase';
`;
await build({
  stdin: { contents: entry, resolveDir: repo, loader: 'ts' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: join(work, 'corpus.js'),
  logLevel: 'silent',
});
await build({
  entryPoints: [join(repo, 'src/core/sandbox/sandboxWorker.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: join(work, 'sandboxWorker.js'),
  logLevel: 'silent',
});
// Token estimates load dist/tokenizer.js from next to the bundle, as the CLI and the extension do.
await build({
  entryPoints: [join(repo, 'src/core/llm/tokenizer.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: join(work, 'tokenizer.js'),
  logLevel: 'silent',
});
copyFileSync(
  join(repo, 'node_modules/@jitl/quickjs-wasmfile-release-asyncify/dist/emscripten-module.wasm'),
  join(work, 'emscripten-module.wasm'),
);
const { dialectCases, runDialectCase } = createRequire(import.meta.url)(join(work, 'corpus.js'));

const rows = [];
for (const dialect of dialectCases) {
  const { result, toldRoot } = await runDialectCase(dialect);
  const answered = result.reason === 'final' && result.answer.includes(dialect.answer);
  const told = !dialect.told || toldRoot.join('\n').includes(dialect.told);
  const extra = Math.max(0, result.iterations - dialect.iterations);
  rows.push({
    dialect,
    asIntended: answered && told && extra === 0,
    extra: answered ? extra : undefined,
    iterations: result.iterations,
    why: answered ? '' : ` (${result.reason}${result.detail ? `: ${result.detail.slice(0, 80)}` : ''})`,
  });
}
rmSync(work, { recursive: true, force: true });

const pad = (text, width) => String(text).padEnd(width);
console.log(`${pad('reply shape', 52)} ${pad('habit of', 44)} ${pad('turns', 6)} result`);
for (const row of rows) {
  const outcome = row.asIntended
    ? 'as intended'
    : row.extra === undefined
      ? `WRONG ANSWER${row.why}`
      : `+${row.extra} turn(s)`;
  console.log(
    `${pad(row.dialect.name, 52)} ${pad(row.dialect.habit, 44)} ${pad(`${row.iterations}/${row.dialect.iterations}`, 6)} ${outcome}`,
  );
}
const listed = rows.filter((r) => r.dialect.firstTry);
const share = (list) =>
  `${list.filter((r) => r.asIntended).length}/${list.length} (${Math.round((100 * list.filter((r) => r.asIntended).length) / list.length)}%)`;
const meanExtra = (list) =>
  (list.reduce((sum, r) => sum + (r.extra ?? r.dialect.turns.length + 1), 0) / list.length).toFixed(2);
console.log(
  `\nrun as intended on the first try, shapes issue 11 lists: ${share(listed)}; mean extra turns ${meanExtra(listed)}`,
);
console.log(
  `all shapes (including replies that must be told what runs here): ${share(rows)}; mean extra turns ${meanExtra(rows)}`,
);
console.log("The replies come from the project's scripted test server, not from a model.");
