// The recursion tree, past runs, step details and the timeline in a real extension host: a real engine run (the
// scripted model server over loopback HTTP, the fixture workspace) is recorded through exports.runs.
import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { RlmEngine, type RunOptions, type RunResult } from '../../../src/core/engine/rlmEngine';
import type { RunEvent } from '../../../src/core/engine/runEvents';
import { OpenAiCompatibleClient } from '../../../src/core/llm/openAiCompatibleClient';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';
import type { RlmExplorerApi } from '../../../src/vscode/extensionServices';
import type { RunViews } from '../../../src/vscode/runs/registerRunViews';
import { RunHistory } from '../../../src/vscode/runs/runHistory';
import { RunNodeDocuments } from '../../../src/vscode/runs/runNodeDocuments';
import { RunStore } from '../../../src/vscode/runs/runStore';
import { ScriptedModelServer } from '../../../src/testing/scriptedModelServer';
import { waitFor } from '../helpers/waitFor';

const extensionId = 'rlm-explorer.rlm-explorer';
const js = (code: string): string => `Let me look.\n\`\`\`js\n${code}\n\`\`\``;

describe('Recursion tree and run history', function () {
  this.timeout(60_000);
  let runs: RunViews;
  let server: ScriptedModelServer;
  let engine: RlmEngine;
  let perQuestion: RunOptions;
  let result: RunResult;
  const exportDir = mkdtempSync(join(tmpdir(), 'rlm-export-'));
  // The slow sub-call answers only when the test lets it, so the run is surely still running while it looks.
  let releaseSlow: (answer: string) => void = () => {};
  const slowAnswer = new Promise<string>((resolve) => (releaseSlow = resolve));
  // The slow run's last model call waits too, so the step after the slow sub-call is surely running when looked at.
  let releaseEnd: () => void = () => {};
  const endReply = new Promise<string>((resolve) => (releaseEnd = () => resolve('FINAL(done slowly)')));

  before(async () => {
    const extension = vscode.extensions.getExtension<RlmExplorerApi>(extensionId);
    assert.ok(extension, `${extensionId} is not loaded`);
    const api = await extension.activate();
    assert.ok(api.runs, 'the extension API has no runs');
    runs = api.runs;
    // The engine runs in this test bundle: its sandbox worker and QuickJS's WASM load from next to the bundle.
    for (const file of ['sandboxWorker.js', 'emscripten-module.wasm']) {
      if (!existsSync(join(__dirname, file)))
        copyFileSync(join(extension.extensionPath, 'dist', file), join(__dirname, file));
    }
    server = await ScriptedModelServer.start([
      {
        name: 'child',
        match: { model: 'tree-root', lastUser: 'What does greet return?' },
        reply: 'FINAL(A greeting string: src/greeting.ts:4)',
      },
      { name: 'slow', match: { model: 'tree-root', lastUser: '[slow]' }, reply: js('print(llm("take your time"))') },
      { name: 'slow-end', match: { model: 'tree-root', lastUser: 'slow answer' }, reply: () => endReply },
      {
        name: 'root-1',
        match: { model: 'tree-root', lastUser: 'Question: Where is the greeting' },
        reply: js(
          'const s = llmMap(["src/greeting.ts", "src/server.go", "src/util/shout.ts"], "One line.")\nprint(s.length + " summaries")',
        ),
      },
      {
        name: 'root-2',
        match: { model: 'tree-root', lastUser: '3 summaries' },
        reply: js('print(rlm("What does greet return?"))'),
      },
      {
        name: 'root-3',
        match: { model: 'tree-root', lastUser: 'A greeting string' },
        reply: 'FINAL(It is built in src/greeting.ts:4.)',
      },
      { name: 'sub-slow', match: { model: 'tree-sub', lastUser: 'take your time' }, reply: () => slowAnswer },
      { name: 'sub', match: { model: 'tree-sub' }, delayMs: 150, reply: 'a summary' },
    ]);
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'no fixture workspace is open');
    engine = new RlmEngine({ workspace: new NodeWorkspace({ roots: root, ripgrep: false }) });
    perQuestion = {
      root: new OpenAiCompatibleClient({ baseUrl: server.url, model: 'tree-root' }),
      sub: new OpenAiCompatibleClient({ baseUrl: server.url, model: 'tree-sub' }),
      onEvent: (event: RunEvent) => runs.record(event),
    };
    result = await engine.run('Where is the greeting built?', { ...perQuestion, limits: { maxDepth: 1 } });
  });

  after(async () => {
    releaseSlow('slow answer');
    releaseEnd();
    await server?.close();
    rmSync(exportDir, { recursive: true, force: true });
  });

  it('shows the run newest first with its steps nested: iterations, model calls, cells, sub-calls, the child run', async () => {
    assert.equal(result.reason, 'final', result.detail);
    const { provider } = runs;
    const top = provider.getChildren();
    assert.equal(top[0].rootId, result.runId);
    const runItem = provider.getTreeItem(top[0]);
    assert.equal(runItem.contextValue, 'run');
    assert.equal(runItem.label, 'Where is the greeting built?');
    const iterations = provider.getChildren(top[0]);
    assert.equal(iterations.length, 3);
    const steps = (element: (typeof top)[number]): string[] =>
      provider.getChildren(element).map((child) => String(provider.getTreeItem(child).contextValue));
    assert.deepEqual(steps(iterations[0]), ['step.model-call', 'step.code-cell']);
    const cell = provider.getChildren(iterations[0])[1];
    assert.deepEqual(steps(cell), ['step.sub-call', 'step.sub-call', 'step.sub-call']);
    const childRun = provider.getChildren(provider.getChildren(iterations[1])[1])[0];
    assert.equal(provider.getTreeItem(childRun).label, 'Child run: What does greet return?');
    assert.equal(provider.getParent(childRun)?.nodeId, provider.getChildren(iterations[1])[1].nodeId);
    assert.deepEqual(steps(iterations[2]), ['step.model-call']);

    // Roll-ups: the run's tokens and cost are the engine's totals; the description says so.
    const tree = runs.history.tree(result.runId);
    const rootNode = tree?.get(result.runId);
    assert.equal(rootNode?.total.inputTokens, result.totals.inputTokens);
    assert.equal(rootNode?.total.outputTokens, result.totals.outputTokens);
    assert.equal([...tree!.walk()].filter((node) => node.kind === 'sub-call').length, result.totals.subCalls);
    const tokens = (result.totals.inputTokens + result.totals.outputTokens).toLocaleString('en-US');
    assert.match(String(runItem.description), new RegExp(`^(\\d+ ms|[\\d.]+ s) · ${tokens} tok`));
    assert.ok(runs.history.store.has(result.runId), 'the run is saved');
  });

  it('opens a step’s details as a read-only markdown document', async () => {
    const cell = runs.provider.getChildren(runs.provider.getChildren(runs.provider.element(result.runId))[0])[1];
    const uri = await vscode.commands.executeCommand<string>('rlm.openRunNode', cell);
    const editor = await waitFor('the step document', () =>
      vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri),
    );
    assert.equal(editor.document.uri.scheme, 'rlm-run');
    assert.equal(editor.document.languageId, 'markdown');
    const text = editor.document.getText();
    assert.match(text, /^# Code cell: /);
    assert.match(text, /## Code\n\n```js\nconst s = llmMap\(/);
    assert.match(text, /## Output\n\n```\n3 summaries/);
  });

  it('brings a step’s tab back after a reload: the step is served as a read-only file, read again from the runs on disk', async () => {
    const extension = vscode.extensions.getExtension<RlmExplorerApi>(extensionId);
    // VS Code starts the extension when a restored editor asks for an rlm-run: file, before anything else would.
    assert.ok(
      (extension?.packageJSON as { activationEvents?: string[] }).activationEvents?.includes('onFileSystem:rlm-run'),
    );
    const cell = runs.provider.getChildren(runs.provider.getChildren(runs.provider.element(result.runId))[0])[1];
    const uri = vscode.Uri.parse(await vscode.commands.executeCommand<string>('rlm.openRunNode', cell));
    const shown = (
      await waitFor('the step document', () =>
        vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString()),
      )
    ).document.getText();
    // What a restored editor reads: the registered file system, by URI alone.
    const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
    assert.equal(decode(await vscode.workspace.fs.readFile(uri)), shown);
    assert.equal((await vscode.workspace.fs.stat(uri)).type, vscode.FileType.File);
    // After a reload nothing of this session is left: a new history read from disk and a new provider serve the same text.
    const reloaded = new RunNodeDocuments(new RunHistory(new RunStore(runs.history.store.dir)));
    try {
      assert.equal(decode(reloaded.readFile(uri)), shown);
      assert.match(decode(reloaded.readFile(uri)), /## Output\n\n```\n3 summaries/);
      const gone = uri.with({ path: '/no-such-run/no-such-node/Code cell.md' });
      assert.match(decode(reloaded.readFile(gone)), /^# Step not available/);
    } finally {
      reloaded.dispose();
    }
    // Read-only: VS Code refuses to save over a step.
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('edited'))),
      /NoPermissions|read-only|cannot be changed/,
    );
  });

  it('reveals and selects the newest running step while a run runs', async () => {
    const running = engine.run('Anything slow? [slow]', perQuestion);
    // The slow sub-call is sent (sub-call-start) and waits: it is the newest running step, inside its running cell.
    const step = await waitFor(
      'a running sub-call',
      () =>
        runs.history.runs()[0]?.live &&
        runs.history.tree(runs.history.runs()[0].summary.runId)?.newestRunning()?.kind === 'sub-call',
    );
    assert.ok(step);
    const rootId = runs.history.runs()[0].summary.runId;
    assert.equal(runs.provider.getTreeItem(runs.provider.element(rootId)).contextValue, 'run.running');
    const element = await vscode.commands.executeCommand<{ rootId: string; nodeId: string }>('rlm.revealRunningStep');
    assert.ok(element, 'nothing was revealed');
    assert.equal(runs.history.tree(rootId)?.get(element.nodeId)?.state, 'running');
    // By id: a refresh of the tree may hand VS Code a new element object for the same step.
    await waitFor('the running step selected', () => runs.treeView.selection[0]?.nodeId === element.nodeId);
    releaseSlow('slow answer');
    // It follows the run: the step that starts next is selected without asking again.
    const next = await waitFor('the next running step selected', () => {
      const selected = runs.treeView.selection[0];
      const node =
        selected && selected.nodeId !== element.nodeId ? runs.history.tree(rootId)?.get(selected.nodeId) : undefined;
      return node?.state === 'running' ? node : undefined;
    });
    assert.equal(next.kind, 'iteration');
    releaseEnd();
    const slow = await running;
    assert.equal(slow.reason, 'final', slow.detail);
    assert.equal(runs.provider.getTreeItem(runs.provider.element(rootId)).contextValue, 'run');
  });

  it('renders the timeline tab, with a bar per sub-call, and selects a clicked bar’s node in the tree', async () => {
    await vscode.commands.executeCommand('rlm.openRunTimeline', result.runId);
    const posted = await waitFor(
      'the timeline sent to the webview',
      () => (runs.timeline.lastTimeline?.runId === result.runId ? runs.timeline.lastTimeline : undefined),
      20_000,
    );
    assert.equal(posted.runId, result.runId);
    const subBars = posted.bars.filter((bar) => bar.kind === 'sub-call');
    assert.equal(subBars.length, 3);
    assert.ok(posted.bars.some((bar) => bar.kind === 'child-run'));
    assert.ok(await runs.reveal(subBars[0].runId, subBars[0].id));
    await waitFor('the bar’s node selected', () => runs.treeView.selection[0]?.nodeId === subBars[0].id);
  });

  it('restores a timeline tab VS Code brings back after a reload, and closes one whose run is gone', async () => {
    // What the panel serializer gets after a reload: a bare panel of the timeline's view type and the page's saved state.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the timeline tab closed', () => runs.timeline.runId === undefined);
    runs.timeline.lastTimeline = undefined;
    const gone = vscode.window.createWebviewPanel('rlm.runTimeline', 'RLM Run Timeline', vscode.ViewColumn.Active);
    let goneDisposed = false;
    gone.onDidDispose(() => (goneDisposed = true));
    assert.equal(runs.timeline.restore(gone, { runId: 'no-such-run' }), false);
    assert.ok(goneDisposed, 'a tab whose run is gone is closed');
    const restored = vscode.window.createWebviewPanel('rlm.runTimeline', 'RLM Run Timeline', vscode.ViewColumn.Active);
    assert.equal(runs.timeline.restore(restored, { runId: result.runId }), true);
    const posted = await waitFor(
      "the restored tab's timeline",
      () =>
        runs.timeline.lastTimeline?.runId === result.runId && runs.timeline.runId === result.runId
          ? runs.timeline.lastTimeline
          : undefined,
      20_000,
    );
    assert.equal(posted.bars.filter((bar) => bar.kind === 'sub-call').length, 3, 'the restored tab shows the same run');
    restored.dispose();
  });

  it('exports a run as JSON', async () => {
    const target = join(exportDir, 'run.json');
    const written = await vscode.commands.executeCommand<string>('rlm.exportRun', result.runId, target);
    assert.equal(written, target);
    const exported = JSON.parse(readFileSync(target, 'utf8')) as {
      run: { runId: string; reason: string };
      events: RunEvent[];
    };
    assert.equal(exported.run.runId, result.runId);
    assert.equal(exported.run.reason, 'final');
    assert.equal(exported.events.filter((event) => event.type === 'answer').length, 2);
  });

  it('keeps past runs across a new history read from disk', () => {
    const again = new RunHistory(new RunStore(runs.history.store.dir));
    const summary = again.runs().find((entry) => entry.summary.runId === result.runId)?.summary;
    assert.equal(summary?.question, 'Where is the greeting built?');
    assert.equal(summary?.inputTokens, result.totals.inputTokens);
    assert.equal(again.tree(result.runId)?.size, runs.history.tree(result.runId)?.size);
  });

  it('deletes a run: its log and its tree item go', async () => {
    const deleted = await vscode.commands.executeCommand<boolean>('rlm.deleteRun', result.runId, true);
    assert.equal(deleted, true);
    assert.equal(runs.history.store.has(result.runId), false);
    assert.ok(!runs.provider.getChildren().some((element) => element.rootId === result.runId));
    assert.ok(!new RunStore(runs.history.store.dir).list().some((summary) => summary.runId === result.runId));
  });
});
