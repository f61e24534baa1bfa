// Local token estimation on 300 KB replies (what the client does when an endpoint reports no usage): prints the
// time and the estimate next to gpt-tokenizer's exact count where that is affordable; asserts nothing.
// Usage: node bench/tokenEstimateBench.mjs [--exact]   (--exact also times the full count: up to a minute per text)
import { randomBytes } from 'node:crypto';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'token-bench-'));
await build({
  entryPoints: [join(repo, 'src/core/llm/tokenEstimate.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: join(work, 'tokenEstimate.js'),
  logLevel: 'silent',
});
// As in dist/: the tokenizer bundle sits next to the module that loads it.
await build({
  entryPoints: [join(repo, 'src/core/llm/tokenizer.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: join(work, 'tokenizer.js'),
  logLevel: 'silent',
});
const require = createRequire(import.meta.url);
const { estimateOutputTokens } = require(join(work, 'tokenEstimate.js'));
const { countTokens } = require('gpt-tokenizer');

const size = 300_000;
const source = readFileSync(join(repo, 'src/core/engine/rlmEngine.ts'), 'utf8');
const texts = {
  'source code': source.repeat(Math.ceil(size / source.length)).slice(0, size),
  prose: 'The quick brown fox jumps over the lazy dog. '.repeat(size / 45 + 1).slice(0, size),
  base64: randomBytes(size).toString('base64').slice(0, size),
  'one letter': 'x'.repeat(size),
};
const time = (fn) => {
  const started = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - started) / 1e6 };
};
estimateOutputTokens('warm up the tokenizer');
for (const [name, text] of Object.entries(texts)) {
  const estimate = time(() => estimateOutputTokens(text));
  const exact = process.argv.includes('--exact') ? time(() => countTokens(text)) : undefined;
  const exactPart = exact
    ? `; exact ${exact.value} tokens in ${exact.ms.toFixed(0)} ms (estimate ${((estimate.value / exact.value - 1) * 100).toFixed(1)}%)`
    : '';
  console.log(
    `${name.padEnd(12)} ${text.length} chars: estimate ${estimate.value} tokens in ${estimate.ms.toFixed(1)} ms${exactPart}`,
  );
}
rmSync(work, { recursive: true, force: true });
