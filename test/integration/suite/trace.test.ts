// Trace Dependencies (tree view), Show Dependency Graph (webview tab, laid out by elkjs) and their exports, in real
// VS Code over the geometry fixture: report.tsx calls into shapes.tsx through imports.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RlmExplorerApi } from '../../../src/vscode/extensionServices';
import type { TraceViewsApi } from '../../../src/vscode/trace/registerTraceViews';
import type { TraceTreeNode } from '../../../src/vscode/trace/traceTreeNodes';
import { waitFor } from '../helpers/waitFor';

const extensionId = 'rlm-explorer.rlm-explorer';
const shapes = 'src/geometry/shapes.tsx';
const report = 'src/geometry/report.tsx';

type Row = { node: TraceTreeNode; item: vscode.TreeItem };

function folderPath(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration tests open a folder');
  return folder.uri.fsPath;
}

/** `label | description` of each row, as the tree shows it. */
function shown(rows: readonly Row[]): string[] {
  return rows.map((r) => `${String(r.item.label)}${r.item.description ? ` | ${String(r.item.description)}` : ''}`);
}

function row(rows: readonly Row[], label: string): Row {
  const hit = rows.find((r) => r.item.label === label);
  assert.ok(hit, `no row "${label}" in ${shown(rows).join(', ')}`);
  return hit;
}

describe('Dependency trace views', () => {
  let trace: TraceViewsApi;
  let exports: string;
  const symbolsConfig = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('rlm.symbols');
  let preciseBefore: boolean | undefined;

  before(async () => {
    const extension = vscode.extensions.getExtension<RlmExplorerApi>(extensionId);
    assert.ok(extension, `${extensionId} is not loaded`);
    const api = await extension.activate();
    assert.ok(api.trace, 'activate() returns the trace views in api.trace');
    trace = api.trace;
    exports = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-trace-exports-'));
    // Index confidences only: the language server's confirmations are the symbol suite's subject.
    preciseBefore = symbolsConfig().inspect<boolean>('preciseMode')?.globalValue;
    await symbolsConfig().update('preciseMode', false, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await symbolsConfig().update('preciseMode', preciseBefore, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(exports, { recursive: true, force: true });
  });

  it('traces the symbol at the cursor: callers with file:line and confidence, expanded lazily', async function () {
    this.timeout(90_000);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(folderPath(), shapes)));
    const editor = await vscode.window.showTextDocument(document);
    // Line 31: `export function formatArea(label: string, value: number): string {`, the cursor inside the name.
    editor.selection = new vscode.Selection(30, 20, 30, 20);
    await vscode.commands.executeCommand('rlm.traceDependencies');
    assert.equal(trace.root?.id, `${shapes}#formatArea`);

    const [top] = await trace.rows();
    assert.ok(top);
    assert.equal(top.item.label, 'formatArea');
    assert.equal(top.item.description, `${shapes}:31`);
    const groups = await trace.rows(top.node);
    assert.deepEqual(shown(groups), ['Callers', 'Callees', 'Imports', 'Imported by']);

    const callers = await trace.rows(row(groups, 'Callers').node);
    assert.deepEqual(shown(callers), [`areaReport | ${report}:9 · import`, `Circle.describe | ${shapes}:16 · exact`]);
    const describeRow = row(callers, 'Circle.describe');
    assert.equal((describeRow.item.iconPath as vscode.ThemeIcon).id, 'symbol-method');
    assert.equal(
      describeRow.item.collapsibleState,
      vscode.TreeItemCollapsibleState.Collapsed,
      'a caller row expands on demand',
    );
    assert.match(String(describeRow.item.tooltip), new RegExp(`calls it at ${shapes}:17`));
    // Expanding a caller asks for its own callers: areaReport calls unitCircle.describe().
    assert.deepEqual(shown(await trace.rows(describeRow.node)), [`areaReport | ${report}:9 · import`]);
    assert.deepEqual(shown(await trace.rows(row(groups, 'Callees').node)), ['No callees found in the index.']);
    assert.deepEqual(shown(await trace.rows(row(groups, 'Imported by').node)), [`report.tsx | ${report}`]);
  });

  it('lists callees and imports of a symbol named in the command, and a row click opens its definition', async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand('rlm.traceDependencies', 'areaReport');
    assert.equal(trace.root?.id, `${report}#areaReport`);
    const [top] = await trace.rows();
    assert.ok(top);
    const groups = await trace.rows(top.node);
    const callees = await trace.rows(row(groups, 'Callees').node);
    const callee = shown(callees);
    for (const expected of [`largestSquare | ${report}:4 · exact`, `formatArea | ${shapes}:31 · import`]) {
      assert.ok(callee.includes(expected), `${expected} in ${callee.join(', ')}`);
    }
    assert.deepEqual(shown(await trace.rows(row(callees, 'largestSquare').node)), [`Square | ${shapes}:22 · import`]);
    assert.deepEqual(shown(await trace.rows(row(groups, 'Imports').node)), [`./shapes | ${shapes} · ${report}:2`]);

    const command = row(callees, 'formatArea').item.command;
    assert.ok(command?.arguments);
    await vscode.commands.executeCommand(command.command, ...command.arguments);
    const opened = await waitFor('shapes.tsx in the active editor', () => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.fsPath.endsWith(path.join('geometry', 'shapes.tsx')) ? active : undefined;
    });
    assert.equal(opened.selection.active.line + 1, 31);
  });

  it('shows the graph of callers and callees laid out in the webview, and exports it as DOT and SVG', async function () {
    this.timeout(90_000);
    await vscode.commands.executeCommand('rlm.showTraceGraph');
    const rendered = await trace.whenRendered(`${report}#areaReport`);
    const graph = trace.graph;
    assert.ok(graph);
    assert.equal(graph.depth, 2);
    const labels = graph.nodes.map((n) => n.label);
    for (const expected of ['areaReport', 'largestSquare', 'formatArea', 'Circle.describe', 'Circle.area', 'Square'])
      assert.ok(labels.includes(expected), `${expected} in ${labels.join(', ')}`);
    assert.equal(graph.nodes.find((n) => n.label === 'areaReport')?.side, 'root');
    assert.equal(graph.nodes.find((n) => n.label === 'Circle.area')?.depth, 2);
    assert.equal(rendered.nodes, graph.nodes.length, 'the page drew every node');
    assert.equal(rendered.edges, graph.edges.length, 'the page drew every edge');

    const dotFile = vscode.Uri.file(path.join(exports, 'trace.dot'));
    await trace.exportDot(dotFile);
    const dot = fs.readFileSync(dotFile.fsPath, 'utf8');
    assert.match(dot, /^digraph trace \{/);
    assert.ok(dot.includes(`"${report}#areaReport" [label="areaReport\\n${report}:9", penwidth=2];`), dot);
    assert.ok(
      dot.includes(
        `"${report}#areaReport" -> "${report}#largestSquare" [style=solid, label="exact", tooltip="${report}:10"];`,
      ),
      dot,
    );
    assert.ok(dot.includes(`"${shapes}#Circle.describe" -> "${shapes}#Circle.area" [style=solid`), dot);
    assert.equal(dot.match(/ -> /g)?.length, graph.edges.length);

    const svgFile = vscode.Uri.file(path.join(exports, 'trace.svg'));
    await trace.exportSvg(svgFile);
    const svg = fs.readFileSync(svgFile.fsPath, 'utf8');
    assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.equal(svg.match(/<rect /g)?.length, graph.nodes.length + 1, 'one box per node plus the background');
    for (const label of labels) assert.ok(svg.includes(`>${label}</text>`), `${label} drawn in the SVG`);
    assert.ok(!svg.includes('class="'), 'the exported SVG carries its colours as attributes, not page classes');
  });

  it('builds the Explain with RLM question from the traced neighbourhood', async () => {
    const question = await trace.explainQuestion();
    assert.ok(question);
    assert.ok(question.includes(`\`areaReport\` (function, ${report}:9)`), question);
    assert.ok(question.includes(`- largestSquare at ${report}:4, called on line 10 (exact)`), question);
    assert.ok(question.includes(`- ./shapes → ${shapes} (line 2: Circle, Square, formatArea, unitCircle)`), question);
    assert.ok(question.includes('Callers: none found.'), question);
    const request = await trace.explainRequest();
    assert.ok(request);
    assert.match(
      request.question,
      /^Explain areaReport's dependencies \(\d+ symbols\)$/,
      'the chat shows a short question',
    );
    assert.match(request.context.label, /^Dependency trace of areaReport: 0 callers, \d+ callees, \d+ imports?$/);
    assert.equal(request.context.text, question, 'the whole trace goes along as context');
  });
});
