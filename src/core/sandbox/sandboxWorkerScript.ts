/**
 * Finds the sandbox worker bundle: `sandboxWorker.js` next to the running bundle (dist/). Unit tests run from
 * TypeScript sources, where there is no bundle: the worker is then built once per process with esbuild.
 * Also compiles QuickJS's WASM once per process, so each worker only instantiates it (no per-thread compile).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as esbuildModule from 'esbuild';

type EsbuildApi = typeof esbuildModule;

/** The bundle is missing next to the running code: the build did not produce it or it was not shipped. */
class SandboxWorkerMissingError extends Error {
  constructor(readonly expectedPath: string) {
    super(
      `The sandbox worker ${expectedPath} is missing. Build with "node esbuild.js" (it writes dist/sandboxWorker.js next to the other bundles).`,
    );
    this.name = 'SandboxWorkerMissingError';
  }
}

const quickjsWasm = ['@jitl', 'quickjs-wasmfile-release-asyncify', 'dist', 'emscripten-module.wasm'];
let sourceBuild: Promise<string> | undefined; // one build per test process, shared by all its sessions
let compiledQuickjs: Promise<WasmModule> | undefined; // compiled code is shared by every worker of the process

/** A compiled `WebAssembly.Module`, opaque here; workers receive it through `workerData`. */
export type WasmModule = object;
declare const WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule> };

/** QuickJS's WASM, compiled once: from `emscripten-module.wasm` next to the bundle, or in node_modules (source runs). */
export function quickjsWasmModule(): Promise<WasmModule> {
  compiledQuickjs ??= fs.promises.readFile(quickjsWasmPath()).then((bytes) => WebAssembly.compile(bytes));
  compiledQuickjs.catch(() => {
    compiledQuickjs = undefined;
  });
  return compiledQuickjs;
}

function quickjsWasmPath(): string {
  const bundled = path.join(__dirname, 'emscripten-module.wasm');
  return fs.existsSync(bundled) || path.extname(__filename) !== '.ts' ? bundled : findInNodeModules(quickjsWasm);
}

export function sandboxWorkerScript(): Promise<string> {
  const bundled = path.join(__dirname, 'sandboxWorker.js');
  if (fs.existsSync(bundled)) return Promise.resolve(bundled);
  if (path.extname(__filename) !== '.ts') return Promise.reject(new SandboxWorkerMissingError(bundled));
  sourceBuild ??= buildFromSource();
  return sourceBuild;
}

async function buildFromSource(): Promise<string> {
  // Loaded by name at run time so bundlers leave it alone: only source runs (tests) reach this line.
  const esbuild = createRequire(__filename)('esbuild') as EsbuildApi;
  const built = await esbuild.build({
    entryPoints: [path.join(__dirname, 'sandboxWorker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    outdir: __dirname,
    logLevel: 'silent',
  });
  const code = built.outputFiles[0].contents;
  // Named by content: test processes share one file per version and leave nothing new behind when killed.
  const dir = path.join(os.tmpdir(), 'rlm-sandbox-worker');
  const script = path.join(dir, `sandboxWorker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`);
  if (!fs.existsSync(script)) {
    fs.mkdirSync(dir, { recursive: true });
    const partial = `${script}.${process.pid}.tmp`;
    fs.writeFileSync(partial, code);
    fs.renameSync(partial, script); // atomic: a concurrent process sees the whole file or none
  }
  return script;
}

function findInNodeModules(parts: readonly string[]): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', ...parts);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir)
      throw new Error(`${parts.join('/')} was not found in any node_modules above ${__dirname}.`);
  }
}
