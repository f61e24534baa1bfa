// Call-edge accuracy of the symbol index against type-aware call hierarchies on libraries nobody here wrote:
// the TypeScript language service on rxjs@7.8.2 src/, pyright (language server) on requests and rich, gopls on goldmark.
// Usage: npm run bench:accuracy            (builds dist/; fetches rxjs with `npm pack`, the Debian packages with
//        `apt-get download` + `dpkg -x`, all into .cache/bench/ once)
//        CORPUS=requests npm run bench:accuracy   (only the corpora whose label contains the word)
// Needs: `gopls` and `golang-go` (apt-get install gopls golang-go); pyright comes from devDependencies.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchBenchPackage } from './lib/fetchBenchPackage.mjs';
import { fetchDebianPackage } from './lib/fetchDebianPackage.mjs';
import { listFiles, lspCallEdges } from './lib/lspCallEdges.mjs';

const require = createRequire(import.meta.url);
const ts = require('typescript');
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(repoRoot, '.cache/bench');
const cli = process.env.RLM_CLI ?? path.join(repoRoot, 'dist/cli.js');

/** Our graph, through the real CLI (worker threads, dist bundle). */
function ourGraph(src) {
  const started = Date.now();
  const out = execFileSync(process.execPath, [cli, 'graph', '--json', '--repo', src], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  return { graph: JSON.parse(out), ms: Date.now() - started };
}

/** Named function-like declarations the call hierarchy can start from: [file, node] pairs. */
function callables(program, src) {
  const out = [];
  for (const sf of program.getSourceFiles()) {
    if (!sf.fileName.startsWith(src + '/')) continue;
    const visit = (node) => {
      const named =
        ts.isFunctionDeclaration(node) ||
        ts.isMethodDeclaration(node) ||
        ts.isConstructorDeclaration(node) ||
        ts.isGetAccessorDeclaration(node) ||
        ts.isSetAccessorDeclaration(node) ||
        ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) &&
          (ts.isVariableDeclaration(node.parent) ||
            ts.isPropertyDeclaration(node.parent) ||
            ts.isPropertyAssignment(node.parent)));
      if (named && (node.body || ts.isConstructorDeclaration(node))) out.push({ sf, node });
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

function truthEdges(src) {
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) files.push(p);
    }
  };
  walk(src);
  const options = {
    target: ts.ScriptTarget.ES2017,
    module: ts.ModuleKind.CommonJS,
    lib: ['lib.es2018.d.ts', 'lib.dom.d.ts'],
    strict: true,
    noEmit: true,
    baseUrl: src,
    paths: { rxjs: ['./'], 'rxjs/*': ['./*'] },
  };
  const host = {
    getScriptFileNames: () => files,
    getScriptVersion: () => '1',
    getScriptSnapshot: (f) => (fs.existsSync(f) ? ts.ScriptSnapshot.fromString(fs.readFileSync(f, 'utf8')) : undefined),
    getCurrentDirectory: () => src,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  const program = service.getProgram();
  const edges = new Set();
  const lineOf = (file, pos) => {
    const sf = program.getSourceFile(file);
    return sf ? sf.getLineAndCharacterOfPosition(pos).line + 1 : 0;
  };
  const items = callables(program, src);
  for (const { sf, node } of items) {
    const namePos = (node.name ?? node.parent.name ?? node).getStart(sf);
    const pos = ts.isConstructorDeclaration(node) ? node.getStart(sf) : namePos;
    let prepared;
    try {
      prepared = service.prepareCallHierarchy(sf.fileName, pos);
    } catch {
      continue;
    }
    const item = Array.isArray(prepared) ? prepared[0] : prepared;
    if (!item) continue;
    const from = `${path.relative(src, item.file)}:${lineOf(item.file, item.selectionSpan.start)}`;
    for (const call of service.provideCallHierarchyOutgoingCalls(item.file, item.selectionSpan.start)) {
      if (!call.to.file.startsWith(src + '/') || call.to.file.endsWith('.d.ts')) continue;
      edges.add(`${from} -> ${path.relative(src, call.to.file)}:${lineOf(call.to.file, call.to.selectionSpan.start)}`);
    }
  }
  return { edges, callables: items.length };
}

/** Overload signatures and constructors collapse onto one node per symbol, on both sides alike. */
function canonicalizer(graph) {
  const byId = new Map(graph.definitions.map((d) => [d.id, d]));
  const firstByQualified = new Map();
  for (const d of graph.definitions) {
    const key = `${d.file}#${d.qualifiedName}`;
    if (!firstByQualified.has(key)) firstByQualified.set(key, d);
  }
  const byLine = new Map(graph.definitions.filter((d) => d.kind !== 'file').map((d) => [`${d.file}:${d.line}`, d]));
  const canonical = (d) => {
    if (d.kind === 'constructor') {
      const owner = firstByQualified.get(`${d.file}#${d.qualifiedName.slice(0, -(d.name.length + 1))}`);
      if (owner) d = owner;
    }
    const first = firstByQualified.get(`${d.file}#${d.qualifiedName}`) ?? d;
    return `${first.file}:${first.line}`;
  };
  return {
    ofId: (id) => {
      const d = byId.get(id);
      return d && d.kind !== 'file' ? canonical(d) : undefined;
    },
    ofLocation: (loc) => {
      const d = byLine.get(loc);
      return d ? canonical(d) : loc;
    },
  };
}

/** The symbol index from source, bundled once, run in this process so misses can be explained from its records. */
async function inProcessIndex(src) {
  const bundle = path.join(benchDir, 'symbolIndex.accuracy.cjs');
  require('esbuild').buildSync({
    entryPoints: [path.join(repoRoot, 'src/core/symbols/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: bundle,
    logLevel: 'error',
  });
  const { SymbolIndex } = require(bundle);
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(path.join(src, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!e.name.startsWith('.')) walk(rel);
      } else files.push(rel);
    }
  };
  walk('');
  const index = new SymbolIndex({ root: src, assetDir: path.join(repoRoot, 'dist'), options: { workers: 0 } });
  await index.build(files);
  return { index, files };
}

/** Why a true edge was missed, from the call sites inside the caller spelled with the callee's name. */
function missCategory(index, from, to, nameLevel) {
  const [fromFile, fromLine] = from.split(/:(?=\d+$)/);
  const [toFile, toLine] = to.split(/:(?=\d+$)/);
  const symbols = index.fileSymbols(fromFile);
  const target = index.outline(toFile)?.find((d) => d.line === Number(toLine));
  if (!symbols || !target) return 'no definition at one end';
  const fromDef = symbols.definitions.find((d) => d.line === Number(fromLine));
  if (!fromDef) return 'no definition at one end';
  // Overloads and a class's constructor were collapsed onto one node: any of them is the caller.
  const callerNames = new Set([fromDef.qualifiedName, `${fromDef.qualifiedName}.constructor`]);
  const isCaller = (i) => i >= 0 && callerNames.has(symbols.definitions[i].qualifiedName);
  const inside = (i) => {
    for (
      let d = symbols.definitions[i];
      d;
      d = d.container === undefined ? undefined : symbols.definitions.find((x) => x.qualifiedName === d.container)
    ) {
      if (callerNames.has(d.qualifiedName)) return true;
    }
    return false;
  };
  const wanted = target.kind === 'constructor' ? target.container?.split('.').pop() : target.name;
  const sites = symbols.references
    .filter((r) => r.kind !== 'type' && r.name === wanted && inside(r.enclosing))
    .sort((a, b) => (isCaller(a.enclosing) ? 0 : 1) - (isCaller(b.enclosing) ? 0 : 1));
  if (!sites.length) return 'no call spelled with the name (getter, alias, indirect)';
  const prefix = nameLevel ? 'name-only' : 'unresolved';
  if (sites.every((r) => !isCaller(r.enclosing))) {
    return `${prefix}: call inside a nested ${symbols.definitions[sites[0].enclosing]?.kind ?? 'definition'} (TypeScript counts it for the outer one)`;
  }
  const receiver = sites[0].receiver;
  if (receiver === undefined) return `${prefix}: plain call`;
  if (receiver === 'this' || receiver === 'super') return `${prefix}: this/super member`;
  if (/^this\.[#\w$]+$/.test(receiver)) return `${prefix}: this.field member`;
  if (/^[\w$]+$/.test(receiver)) {
    const declared = (symbols.bindings ?? []).some((b) => !b.field && b.name === receiver);
    return `${prefix}: ${declared ? 'local with declared type' : 'local with inferred type'}`;
  }
  if (receiver.includes('(')) return `${prefix}: call result receiver`;
  return `${prefix}: other expression receiver`;
}

function ratio(a, b) {
  return b ? (a / b).toFixed(3) : 'n/a';
}

/** Pure name matching: every call site linked to every callable definition spelled like the callee, anywhere. */
function nameFloor({ index, files }, canon) {
  const byName = new Map();
  const callable = new Set(['function', 'method', 'constructor', 'class', 'struct']);
  for (const file of files) {
    for (const d of index.outline(file) ?? []) {
      if (!callable.has(d.kind)) continue;
      const name = d.kind === 'constructor' ? d.container?.split('.').pop() : d.name;
      if (!name) continue;
      byName.set(name, [...(byName.get(name) ?? []), `${d.file}:${d.line}`]);
    }
  }
  const edges = new Set();
  for (const file of files) {
    const symbols = index.fileSymbols(file);
    for (const r of symbols?.references ?? []) {
      if (r.kind === 'type' || r.enclosing < 0) continue;
      const from = canon.ofLocation(`${file}:${symbols.definitions[r.enclosing].line}`);
      for (const to of byName.get(r.name) ?? []) {
        const target = canon.ofLocation(to);
        if (target !== from) edges.add(`${from} -> ${target}`);
      }
    }
  }
  return edges;
}

/** Scores our call edges against a reference's, per confidence level, cumulative, and the name-matching floor. */
async function scoreCorpus({ label, src, reference, truth, ms }) {
  // A symbol cache left by an earlier build of the index would score that build, not this one.
  fs.rmSync(path.join(src, '.cache'), { recursive: true, force: true });
  const { graph, ms: ourMs } = ourGraph(src);
  const canon = canonicalizer(graph);
  const truthSet = new Set(
    [...truth.edges]
      .map((e) => e.split(' -> ').map(canon.ofLocation))
      .filter(([a, b]) => a !== b)
      .map((e) => e.join(' -> ')),
  );
  const truthFroms = new Set([...truth.edges].map((e) => canon.ofLocation(e.split(' -> ')[0])));
  const levels = { exact: new Set(), import: new Set(), name: new Set() };
  let outsideTruth = 0;
  for (const e of graph.edges) {
    if (e.kind !== 'call') continue;
    const from = canon.ofId(e.from);
    const to = canon.ofId(e.to);
    if (!from || !to || from === to) continue;
    if (!truthFroms.has(from)) {
      outsideTruth++;
      continue;
    }
    levels[e.confidence].add(`${from} -> ${to}`);
  }
  // An edge found at a stronger level is not counted again at a weaker one.
  for (const e of levels.exact) {
    levels.import.delete(e);
    levels.name.delete(e);
  }
  for (const e of levels.import) levels.name.delete(e);
  const hits = (set) => [...set].filter((e) => truthSet.has(e)).length;
  const rows = [];
  let cumulative = new Set();
  for (const level of ['exact', 'import', 'name']) {
    cumulative = new Set([...cumulative, ...levels[level]]);
    rows.push({
      level,
      edges: levels[level].size,
      precision: ratio(hits(levels[level]), levels[level].size),
      cumulative: level === 'exact' ? 'exact' : level === 'import' ? 'exact+import' : 'all',
      cumPrecision: ratio(hits(cumulative), cumulative.size),
      cumRecall: ratio(hits(cumulative), truthSet.size),
    });
  }
  const indexed = await inProcessIndex(src);
  const floor = new Set([...nameFloor(indexed, canon)].filter((e) => truthFroms.has(e.split(' -> ')[0])));
  rows.push({
    level: 'name matching floor',
    edges: floor.size,
    precision: ratio(hits(floor), floor.size),
    cumulative: '',
    cumPrecision: '',
    cumRecall: ratio(hits(floor), truthSet.size),
  });
  console.log(
    `\n== ${label}: ${graph.definitions.length} nodes, ${graph.edges.length} edges from rlm graph in ${ourMs} ms (index + resolve, CLI)`,
  );
  console.log(`${reference}: ${truth.callables} callables, ${truthSet.size} call edges inside the corpus in ${ms} ms`);
  console.log(`Our call edges from callables the reference does not list (not scored): ${outsideTruth}`);
  console.table(rows);
  const strong = new Set([...levels.exact, ...levels.import]);
  const missed = [...truthSet].filter((e) => !strong.has(e));
  const falsePositives = [...strong].filter((e) => !truthSet.has(e));
  const byCategory = new Map();
  for (const e of missed) {
    const [from, to] = e.split(' -> ');
    const category = missCategory(indexed.index, from, to, levels.name.has(e));
    byCategory.set(category, [...(byCategory.get(category) ?? []), e]);
  }
  console.log(`Exact+import misses (${missed.length}), by the call site inside the caller:`);
  for (const [category, edges] of [...byCategory].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`  ${String(edges.length).padStart(4)}  ${category}`);
    for (const e of edges.slice(0, Number(process.env.SHOW ?? 3))) console.log(`          ${e}`);
  }
  const kindAt = new Map(graph.definitions.map((d) => [`${d.file}:${d.line}`, d.kind]));
  const byTargetKind = new Map();
  for (const e of falsePositives) {
    const kind = kindAt.get(e.split(' -> ')[1]) ?? 'unknown';
    const category = ['property', 'field', 'variable', 'constant'].includes(kind)
      ? `to a ${kind} holding a function (the call hierarchy lists only function-like declarations)`
      : `to a ${kind}`;
    byTargetKind.set(category, [...(byTargetKind.get(category) ?? []), e]);
  }
  console.log(`Exact+import false positives (${falsePositives.length}), by what they point to:`);
  for (const [category, edges] of [...byTargetKind].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`  ${String(edges.length).padStart(4)}  ${category}`);
    for (const e of edges.slice(0, Number(process.env.SHOW ?? 3))) console.log(`          ${e}`);
  }
  const strongRow = rows[1];
  return {
    label,
    precision: strongRow.cumPrecision,
    recall: strongRow.cumRecall,
    floorPrecision: rows[3].precision,
    floorRecall: rows[3].cumRecall,
  };
}

const pyrightServer = path.join(path.dirname(require.resolve('pyright/package.json')), 'langserver.index.js');

async function pyrightCorpus(label, debianPackage, pythonPackage) {
  const root = path.join(fetchDebianPackage(debianPackage), 'usr/lib/python3/dist-packages');
  const t0 = Date.now();
  const truth = await lspCallEdges({
    root,
    files: listFiles(path.join(root, pythonPackage), (n) => n.endsWith('.py')),
    languageId: 'python',
    command: process.execPath,
    args: [pyrightServer, '--stdio'],
  });
  const version = require('pyright/package.json').version;
  return scoreCorpus({
    label,
    src: root,
    reference: `pyright ${version} call hierarchy (language server)`,
    truth,
    ms: Date.now() - t0,
  });
}

async function goplsCorpus(label, debianPackage, importPath) {
  const root = path.join(fetchDebianPackage(debianPackage), 'usr/share/gocode/src', importPath);
  const t0 = Date.now();
  const truth = await lspCallEdges({
    root,
    files: listFiles(root, (n) => n.endsWith('.go') && !n.endsWith('_test.go')),
    languageId: 'go',
    command: 'gopls',
    args: [],
    env: { GOFLAGS: '-mod=mod', GOPROXY: 'off', GO111MODULE: 'on', GOTOOLCHAIN: 'local' },
  });
  const version =
    execFileSync('gopls', ['version'], { encoding: 'utf8' })
      .split('\n')
      .find((l) => /v\d|@/.test(l))
      ?.trim() ?? '';
  return scoreCorpus({ label, src: root, reference: `gopls ${version} call hierarchy`, truth, ms: Date.now() - t0 });
}

async function rxjsCorpus() {
  const src = path.join(fetchBenchPackage('rxjs@7.8.2', 'rxjs-7.8.2'), 'src');
  fs.rmSync(path.join(src, '.cache'), { recursive: true, force: true });
  const t0 = Date.now();
  const truth = truthEdges(src);
  return scoreCorpus({
    label: 'TypeScript: rxjs@7.8.2 src/',
    src,
    reference: `TypeScript ${ts.version} call hierarchy`,
    truth,
    ms: Date.now() - t0,
  });
}

const corpora = [
  { label: 'TypeScript: rxjs@7.8.2 src/', run: rxjsCorpus },
  {
    label: 'Python: requests (Debian python3-requests)',
    run: () => pyrightCorpus('Python: requests (Debian python3-requests)', 'python3-requests', 'requests'),
  },
  {
    label: 'Python: rich (Debian python3-rich)',
    run: () => pyrightCorpus('Python: rich (Debian python3-rich)', 'python3-rich', 'rich'),
  },
  {
    label: 'Go: goldmark (Debian golang-github-yuin-goldmark-dev)',
    run: () =>
      goplsCorpus(
        'Go: goldmark (Debian golang-github-yuin-goldmark-dev)',
        'golang-github-yuin-goldmark-dev',
        'github.com/yuin/goldmark',
      ),
  },
];

async function main() {
  const only = process.env.CORPUS?.toLowerCase();
  const summary = [];
  for (const corpus of corpora) {
    if (only && !corpus.label.toLowerCase().includes(only)) continue;
    try {
      summary.push(await corpus.run());
    } catch (error) {
      console.error(`\n== ${corpus.label}: not measured: ${error instanceof Error ? error.message : String(error)}`);
      summary.push({ label: corpus.label, precision: 'n/a', recall: 'n/a', floorPrecision: 'n/a', floorRecall: 'n/a' });
    }
  }
  console.log('\nexact+import against each reference, and the pure name-matching floor:');
  console.table(summary);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
