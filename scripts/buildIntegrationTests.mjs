// Bundles the extension-host test entry (test/integration/index.ts) and every suite file into out/test/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import esbuild from 'esbuild';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const integrationOutDir = path.join(repoRoot, 'out', 'test');
export const integrationEntry = path.join(integrationOutDir, 'index.js');
/** The Restricted Mode run's entry: suites under test/integration/restricted, run with workspace trust enabled. */
export const restrictedEntry = path.join(integrationOutDir, 'restricted', 'index.js');

/** Every `*.test.ts` under a folder, recursively. */
function findTestFiles(folder) {
  return fs
    .readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.ts'))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

/**
 * One CommonJS file per suite (mocha loads them one by one), `vscode` from the extension host and
 * mocha from node_modules at run time (it loads its reporters dynamically).
 */
export async function buildIntegrationTests() {
  const sourceDir = path.join(repoRoot, 'test', 'integration');
  const suites = findTestFiles(path.join(sourceDir, 'suite'));
  if (suites.length === 0)
    throw new Error(`No *.test.ts files under ${path.join(sourceDir, 'suite')}: nothing to run.`);
  const restrictedSuites = findTestFiles(path.join(sourceDir, 'restricted'));
  fs.rmSync(integrationOutDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [
      path.join(sourceDir, 'index.ts'),
      ...suites,
      path.join(sourceDir, 'restricted', 'index.ts'),
      ...restrictedSuites,
    ],
    outbase: sourceDir,
    outdir: integrationOutDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return {
    entry: integrationEntry,
    suites: suites.map((file) => path.relative(repoRoot, file)),
    restrictedSuites: restrictedSuites.map((file) => path.relative(repoRoot, file)),
  };
}
