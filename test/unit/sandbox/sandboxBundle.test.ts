import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

// The same path esbuild.js copies into dist/: the bundled emscripten loader looks for it next to the bundle.
const quickjsWasm = 'node_modules/@jitl/quickjs-wasmfile-release-asyncify/dist/emscripten-module.wasm';
const dir = mkdtempSync(join(tmpdir(), 'sandbox-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the sandbox in a bundle', () => {
  it('runs its worker bundle and loads QuickJS from the .wasm next to the bundled scripts, and only from there', async () => {
    const entry = join(dir, 'entry.ts');
    writeFileSync(
      entry,
      `
      import { ReplSession } from ${JSON.stringify(resolve('src/core/sandbox/replSession.ts'))};
      const workspace = { roots: [], listFiles: async () => ({ files: ['a.ts'], total: 1, omitted: 0 }),
        grep: async () => { throw new Error('unused'); }, readFile: async () => { throw new Error('unused'); } };
      ReplSession.create({ workspace, subCall: async (p) => p, childRun: async (q) => q }).then(async (repl) => {
        const cell = await repl.runCell('const f = listFiles()\\nf.length + ":" + f[0]');
        process.stdout.write(cell.output);
        repl.dispose();
      });
    `,
    );
    const dist = join(dir, 'dist');
    mkdirSync(dist);
    // As esbuild.js does: the sandbox worker is its own bundle, next to the one that starts it.
    const entryPoints = { main: entry, sandboxWorker: resolve('src/core/sandbox/sandboxWorker.ts') };
    await build({
      entryPoints,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outdir: dist,
      logLevel: 'silent',
    });
    const run = (): ReturnType<typeof spawnSync> =>
      spawnSync(process.execPath, [join(dist, 'main.js')], { cwd: dir, encoding: 'utf8', timeout: 20_000 });

    const without = run();
    expect(without.status).not.toBe(0);
    expect(String(without.stderr)).toContain('emscripten-module.wasm');

    copyFileSync(quickjsWasm, join(dist, basename(quickjsWasm)));
    const withWasm = run();
    expect(withWasm.stderr).toBe('');
    expect(withWasm.stdout).toBe('→ 1:a.ts');
  });
});
