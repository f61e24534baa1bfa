/**
 * The QuickJS build the sandbox runs: release + asyncify, with its WASM loaded from the CommonJS loader.
 * The stock variant imports the ESM loader (`import.meta.url`), which breaks once esbuild bundles it into CJS;
 * the CJS loader looks for `emscripten-module.wasm` in its `__dirname`: node_modules in tests, dist/ when bundled.
 */
import { RELEASE_ASYNC, type QuickJSAsyncVariant } from 'quickjs-emscripten';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a require() is what makes esbuild pick the CJS loader
import emscriptenModuleLoader = require('@jitl/quickjs-wasmfile-release-asyncify/emscripten-module');

export const quickjsAsyncVariant: QuickJSAsyncVariant = {
  ...RELEASE_ASYNC,
  importModuleLoader: () => Promise.resolve(emscriptenModuleLoader.default),
};
