// Bundles the extension host, the CLI and the chat panel front end, and copies the .wasm assets they load.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const dist = path.join(__dirname, 'dist');

/** Every .wasm file the bundles load at run time, copied flat into dist/. */
const wasmAssets = [
  'node_modules/web-tree-sitter/web-tree-sitter.wasm',
  'node_modules/tree-sitter-javascript/tree-sitter-javascript.wasm',
  'node_modules/tree-sitter-typescript/tree-sitter-typescript.wasm',
  'node_modules/tree-sitter-typescript/tree-sitter-tsx.wasm',
  'node_modules/tree-sitter-python/tree-sitter-python.wasm',
  'node_modules/tree-sitter-go/tree-sitter-go.wasm',
  'node_modules/tree-sitter-rust/tree-sitter-rust.wasm',
  'node_modules/tree-sitter-java/tree-sitter-java.wasm',
  'node_modules/tree-sitter-c/tree-sitter-c.wasm',
  'node_modules/tree-sitter-cpp/tree-sitter-cpp.wasm',
  'node_modules/tree-sitter-c-sharp/tree-sitter-c_sharp.wasm',
  'node_modules/tree-sitter-ruby/tree-sitter-ruby.wasm',
  'node_modules/tree-sitter-php/tree-sitter-php.wasm',
  'node_modules/@jitl/quickjs-wasmfile-release-asyncify/dist/emscripten-module.wasm',
];

/** Node-side bundles: CommonJS, `vscode` provided by the extension host. */
const nodeBundles = [
  { entryPoints: { extension: 'src/vscode/extension.ts' } },
  { entryPoints: { cli: 'src/cli/main.ts' }, banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: { symbolWorker: 'src/core/symbols/symbolWorker.ts' } },
  // Token estimates for endpoints that send no usage, loaded on first use (src/core/llm/tokenEstimate.ts).
  { entryPoints: { tokenizer: 'src/core/llm/tokenizer.ts' } },
  // The REPL sandbox's worker thread (QuickJS), started by ReplSession from next to the running bundle.
  { entryPoints: { sandboxWorker: 'src/core/sandbox/sandboxWorker.ts' } },
  // A test tool the project ships: an OpenAI-compatible server that answers from a script, on loopback.
  {
    entryPoints: { 'scripted-model-server': 'src/testing/scriptedModelServerMain.ts' },
    banner: { js: '#!/usr/bin/env node' },
  },
];

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  outdir: dist,
};

function copyAssets() {
  fs.mkdirSync(dist, { recursive: true });
  for (const asset of wasmAssets) {
    fs.copyFileSync(path.join(__dirname, asset), path.join(dist, path.basename(asset)));
  }
  // The symbol index reads its tree-sitter queries from dist/queries at run time.
  fs.cpSync(path.join(__dirname, 'src/core/symbols/queries'), path.join(dist, 'queries'), { recursive: true });
  fs.copyFileSync(
    path.join(__dirname, 'node_modules/@vscode/codicons/dist/codicon.css'),
    path.join(dist, 'codicon.css'),
  );
  fs.copyFileSync(
    path.join(__dirname, 'node_modules/@vscode/codicons/dist/codicon.ttf'),
    path.join(dist, 'codicon.ttf'),
  );
}

/** One bundle per webview (dist/webview/NAME.js and .css): the search view, the chat panel, the run timeline, the trace graph. */
function webviewEntries() {
  const entries = {
    'webview/main': 'webview-ui/src/main.tsx',
    'webview/chat': 'webview-ui/src/chat/main.tsx',
    // Loaded by the chat page the first time an answer has a code block (webview-ui/src/chat/highlighter.ts).
    'webview/highlight': 'webview-ui/src/highlight/main.ts',
    'webview/timeline': 'webview-ui/src/timeline/main.tsx',
    'webview/graph': 'webview-ui/src/graph/main.tsx',
  };
  return Object.fromEntries(Object.entries(entries).filter(([, file]) => fs.existsSync(path.join(__dirname, file))));
}

/** Webview bundles load on every panel open: each has a size budget (minified), printed on every build, enforced by --production. */
const webviewBudgets = { 'webview/chat.js': 400 * 1024, 'webview/highlight.js': 200 * 1024 };

function checkWebviewBudgets() {
  const over = [];
  for (const [file, budget] of Object.entries(webviewBudgets)) {
    const size = fs.statSync(path.join(dist, file)).size;
    console.log(
      `  dist/${file}: ${(size / 1024).toFixed(0)} KB${production ? ` (budget ${budget / 1024} KB)` : ' (not minified)'}`,
    );
    if (production && size > budget)
      over.push(`dist/${file} is ${(size / 1024).toFixed(0)} KB, over its ${budget / 1024} KB budget`);
  }
  if (over.length > 0) throw new Error(`${over.join('; ')}: load the extra code lazily or drop it.`);
}

async function main() {
  const options = [
    ...nodeBundles.map((b) => ({
      ...common,
      ...b,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
    })),
    {
      ...common,
      entryPoints: webviewEntries(),
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      jsx: 'automatic',
      jsxImportSource: 'preact',
    },
  ];
  copyAssets();
  if (watch) {
    const contexts = await Promise.all(options.map((o) => esbuild.context(o)));
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(options.map((o) => esbuild.build(o)));
  fs.chmodSync(path.join(dist, 'cli.js'), 0o755);
  checkWebviewBudgets();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
