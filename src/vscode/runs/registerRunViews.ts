import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RunEvent } from '../../core/engine/runEvents';
import type { ExtensionServices, RunRecorder } from '../extensionServices';
import { RecursionTreeProvider, type RunTreeElement } from './recursionTreeProvider';
import { RunHistory } from './runHistory';
import { RunNodeDocuments, runNodeScheme } from './runNodeDocuments';
import { RunningStepFollower } from './runningStepFollower';
import { RunStore } from './runStore';
import { RunTimelinePanel, timelineViewType } from './runTimelinePanel';

/** Past runs kept on disk; the oldest beyond this are deleted. */
const maxStoredRuns = 50;

/** The recursion tree, past runs, step details and the timeline: what the chat records into and reveals through. */
export interface RunViews extends RunRecorder {
  history: RunHistory;
  provider: RecursionTreeProvider;
  treeView: vscode.TreeView<RunTreeElement>;
  timeline: RunTimelinePanel;
  documents: RunNodeDocuments;
  /** Selects a node in the tree (the chat timeline's `revealRunNode`); `runId` may be the root's or a child run's. */
  reveal(runId: string, nodeId: string): Promise<boolean>;
  /** Reveals and selects the newest running step, and keeps selecting the newest as the run goes; undefined when nothing runs. */
  revealRunningStep(): Promise<RunTreeElement | undefined>;
  /** Writes the run as JSON to `target`, or where the user picks; returns the path written. */
  exportRun(runId: string, target?: string): Promise<string | undefined>;
  /** Deletes a past run after asking (unless `confirmed`); returns whether it was deleted. */
  deleteRun(runId: string, confirmed?: boolean): Promise<boolean>;
}

/** Where runs are saved: this workspace's extension storage, else the global one. */
function runsDir(services: ExtensionServices): string {
  const uri = services.context.storageUri ?? services.context.globalStorageUri;
  if (uri.scheme === 'file') return join(uri.fsPath, 'runs');
  services.log.warn(`runs: extension storage is not on disk (${uri.scheme}); runs are kept in the temp folder`);
  return join(tmpdir(), 'rlm-explorer-runs');
}

export function registerRunViews(services: ExtensionServices): RunViews {
  const { context, log } = services;
  const history = new RunHistory(new RunStore(runsDir(services), maxStoredRuns), (message) => log.warn(message));
  const provider = new RecursionTreeProvider(history);
  const treeView = vscode.window.createTreeView('rlm.recursionTree', {
    treeDataProvider: provider,
    showCollapseAll: true,
  });
  const documents = new RunNodeDocuments(history);
  const follower = new RunningStepFollower(history, provider, treeView, (message) => log.warn(message));

  const reveal = async (runId: string, nodeId: string): Promise<boolean> => {
    const rootId = history.rootIdOf(runId, nodeId) ?? runId;
    if (!history.tree(rootId)?.get(nodeId)) return false;
    await treeView.reveal(provider.element(rootId, nodeId), { select: true, focus: true, expand: true });
    timeline.select(rootId, nodeId);
    return true;
  };
  const timeline = new RunTimelinePanel(
    context.extensionUri,
    history,
    (runId, nodeId) => void reveal(runId, nodeId).catch((error) => log.warn(`runs: reveal failed: ${String(error)}`)),
    log,
  );

  /** A command's run: the item it was invoked on, a run id, else the selected item's run, else the newest run. */
  const runOf = (arg: unknown): string | undefined => {
    if (typeof arg === 'string') return history.rootIdOf(arg);
    if (isElement(arg)) return arg.rootId;
    return treeView.selection[0]?.rootId ?? history.runs()[0]?.summary.runId;
  };

  const views: RunViews = {
    history,
    provider,
    treeView,
    timeline,
    documents,
    record: (event: RunEvent) => history.record(event),
    reveal,
    revealRunningStep: () => follower.start(),
    exportRun: async (runId, target) => {
      const json = history.exportJson(runId);
      const path =
        target ??
        (
          await vscode.window.showSaveDialog({
            defaultUri: vscode.Uri.joinPath(
              vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(tmpdir()),
              `rlm-run-${runId}.json`,
            ),
            filters: { JSON: ['json'] },
            title: 'Export Run as JSON',
          })
        )?.fsPath;
      if (!path) return undefined;
      writeFileSync(path, json);
      return path;
    },
    deleteRun: async (runId, confirmed) => {
      const entry = history.entry(runId);
      if (!entry) return false;
      if (!confirmed) {
        const answer = await vscode.window.showWarningMessage(
          `Delete the run "${entry.summary.question.split('\n')[0].slice(0, 80)}"?`,
          { modal: true, detail: 'Its saved steps and log are removed.' },
          'Delete',
        );
        if (answer !== 'Delete') return false;
      }
      history.delete(entry.summary.runId);
      return true;
    },
  };

  // Palette and menus show failures as a message; calls with arguments (tests, other extensions) get them thrown.
  const guarded =
    (run: (...args: unknown[]) => Promise<unknown>) =>
    async (...args: unknown[]): Promise<unknown> => {
      try {
        return await run(...args);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log.error(`runs: ${message}`);
        if (typeof args[0] === 'string') throw error;
        void vscode.window.showErrorMessage(`RLM: ${message}`);
        return undefined;
      }
    };

  context.subscriptions.push(
    provider,
    treeView,
    documents,
    timeline,
    follower,
    vscode.workspace.registerFileSystemProvider(runNodeScheme, documents, { isReadonly: true, isCaseSensitive: true }),
    // The timeline tab comes back after a reload showing the run it showed (the page keeps the run id).
    vscode.window.registerWebviewPanelSerializer(timelineViewType, {
      deserializeWebviewPanel: async (panel, state) => {
        if (!timeline.restore(panel, state)) log.info('runs: closed a restored timeline tab whose run is gone');
      },
    }),
    // With `{ runId, nodeId }` (the chat timeline's revealRunNode) it also selects that node.
    vscode.commands.registerCommand(
      'rlm.showRecursionTree',
      guarded(async (arg) => {
        const target = arg as { runId?: unknown; nodeId?: unknown } | undefined;
        if (
          typeof target?.runId === 'string' &&
          typeof target.nodeId === 'string' &&
          (await reveal(target.runId, target.nodeId))
        )
          return true;
        await vscode.commands.executeCommand('rlm.recursionTree.focus');
        return false;
      }),
    ),
    vscode.commands.registerCommand(
      'rlm.revealRunningStep',
      guarded(async () => {
        const element = await views.revealRunningStep();
        if (!element) void vscode.window.showInformationMessage('RLM: no run is running.');
        return element;
      }),
    ),
    vscode.commands.registerCommand(
      'rlm.openRunNode',
      guarded(async (arg, nodeArg) => {
        const element = isElement(arg)
          ? arg
          : typeof arg === 'string' && typeof nodeArg === 'string'
            ? { rootId: history.rootIdOf(arg, nodeArg) ?? arg, nodeId: nodeArg }
            : undefined;
        const uri = element ? documents.uriOf(element.rootId, element.nodeId) : undefined;
        if (!element || !uri) throw new Error('That run step is no longer available.');
        timeline.select(element.rootId, element.nodeId);
        const document = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(document, { preview: true, preserveFocus: true });
        return uri.toString();
      }),
    ),
    vscode.commands.registerCommand(
      'rlm.openRunTimeline',
      guarded(async (arg) => {
        const runId = runOf(arg);
        if (!runId) throw new Error('There is no run yet: ask a question in the chat first.');
        timeline.show(runId);
        return runId;
      }),
    ),
    vscode.commands.registerCommand(
      'rlm.exportRun',
      guarded(async (arg, target) => {
        const runId = runOf(arg);
        if (!runId) throw new Error('There is no run to export.');
        const path = await views.exportRun(runId, typeof target === 'string' ? target : undefined);
        if (path && typeof arg !== 'string') void vscode.window.showInformationMessage(`RLM: run exported to ${path}`);
        return path;
      }),
    ),
    vscode.commands.registerCommand(
      'rlm.deleteRun',
      guarded(async (arg, confirmed) => {
        const runId = runOf(arg);
        if (!runId) throw new Error('There is no run to delete.');
        return views.deleteRun(runId, confirmed === true);
      }),
    ),
  );
  return views;
}

function isElement(value: unknown): value is RunTreeElement {
  const v = value as Partial<RunTreeElement> | null;
  return typeof v === 'object' && v !== null && typeof v.rootId === 'string' && typeof v.nodeId === 'string';
}
