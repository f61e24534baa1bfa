// Reference call edges from a language server: every function and method its document symbols list,
// prepareCallHierarchy at its name, then callHierarchy/outgoingCalls; edges are `file:line -> file:line` inside `root`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { LspClient } from './lspClient.mjs';

const functionKinds = new Set([6, 7, 9, 12]); // Method, Property (getters), Constructor, Function

/**
 * @param {object} o
 * @param {string} o.root       workspace folder (named in `initialize`, or imports stay unresolved)
 * @param {string[]} o.files    absolute paths of the files to open and query
 * @param {string} o.languageId
 * @param {string} o.command
 * @param {string[]} o.args
 * @param {object} [o.env]
 * @param {object} [o.initializationOptions]
 */
export async function lspCallEdges({ root, files, languageId, command, args, env, initializationOptions }) {
  const client = new LspClient(command, args, { cwd: root, env: { ...process.env, ...env } });
  const rootUri = pathToFileURL(root).href;
  await client.request('initialize', {
    processId: process.pid,
    rootUri,
    rootPath: root,
    workspaceFolders: [{ uri: rootUri, name: path.basename(root) }],
    capabilities: {
      textDocument: {
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        callHierarchy: { dynamicRegistration: false },
      },
      workspace: { workspaceFolders: true, configuration: true },
    },
    initializationOptions: initializationOptions ?? {},
  });
  client.notify('initialized', {});
  // pyright reads its settings (and starts its service) only once told the configuration changed.
  client.notify('workspace/didChangeConfiguration', { settings: {} });
  const edges = new Set();
  let callables = 0;
  let failures = 0;
  const rel = (uri) => path.relative(root, fileURLToPath(uri));
  const inside = (uri) => uri.startsWith('file:') && fileURLToPath(uri).startsWith(root + path.sep);
  for (const file of files) {
    const uri = pathToFileURL(file).href;
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId, version: 1, text: fs.readFileSync(file, 'utf8') },
    });
    let symbols;
    try {
      symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri } });
    } catch {
      failures++;
      continue;
    }
    const targets = [];
    const walk = (list) => {
      for (const s of list ?? []) {
        if (functionKinds.has(s.kind)) targets.push(s.selectionRange?.start ?? s.location?.range.start);
        walk(s.children);
      }
    };
    walk(symbols);
    for (const position of targets) {
      let items;
      try {
        items = await client.request('textDocument/prepareCallHierarchy', { textDocument: { uri }, position });
      } catch {
        failures++;
        continue;
      }
      const item = items?.[0];
      if (!item) continue;
      callables++;
      let calls;
      try {
        calls = await client.request('callHierarchy/outgoingCalls', { item });
      } catch {
        failures++;
        continue;
      }
      const from = `${rel(item.uri)}:${item.selectionRange.start.line + 1}`;
      for (const call of calls ?? []) {
        if (!inside(call.to.uri)) continue;
        edges.add(`${from} -> ${rel(call.to.uri)}:${call.to.selectionRange.start.line + 1}`);
      }
    }
    client.notify('textDocument/didClose', { textDocument: { uri } });
  }
  await client.shutdown();
  return { edges, callables, failures };
}

/** Files under `dir` whose name passes `accept`, absolute, sorted. */
export function listFiles(dir, accept) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.')) walk(p);
      } else if (accept(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}
