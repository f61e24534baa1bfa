import * as vscode from 'vscode';
import { timelineOf } from '../../core/engine/runTimeline';
import type { TimelineHostToWebview } from '../../core/protocol/timelineProtocol';
import { renderWebviewHtml, webviewOptions } from '../searchPanel/webviewHtml';
import type { RunHistory } from './runHistory';
import { parseTimelineMessage } from '../../core/protocol/timelineMessageSchema';

const updateIntervalMs = 200;
/** The tab's view type: `onWebviewPanel:rlm.runTimeline` activates the extension to restore it after a reload. */
export const timelineViewType = 'rlm.runTimeline';

/** The run timeline editor tab: one tab, showing one root run at a time, updated live while that run runs. */
export class RunTimelinePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private selectedId: string | undefined;
  private readonly subscription: { dispose(): void };
  /** The root run shown, undefined when no tab is open. */
  runId: string | undefined;
  /** The last timeline sent (a 'selected' message may follow it), for tests. */
  lastTimeline: Extract<TimelineHostToWebview, { type: 'timeline' }> | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly history: RunHistory,
    private readonly onSelectBar: (runId: string, nodeId: string) => void,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = history.onDidChange((change) => {
      if (this.runId && (change.kind === 'runs' || change.runId === this.runId)) this.scheduleUpdate();
    });
  }

  show(rootId: string): void {
    this.runId = rootId;
    if (!this.panel)
      this.adopt(
        vscode.window.createWebviewPanel(
          timelineViewType,
          'RLM Run Timeline',
          vscode.ViewColumn.Active,
          webviewOptions(this.extensionUri),
        ),
      );
    else this.panel.reveal();
    this.update();
  }

  /**
   * A timeline tab VS Code brought back after a reload (its page saved the run it showed): shows that run again, or
   * closes the tab when the run is gone or a timeline tab is already open. Returns whether it was kept.
   */
  restore(panel: vscode.WebviewPanel, state: unknown): boolean {
    const runId = typeof state === 'object' && state !== null ? (state as { runId?: unknown }).runId : undefined;
    if (this.panel || typeof runId !== 'string' || !this.history.entry(runId)) {
      panel.dispose();
      return false;
    }
    this.runId = runId;
    this.adopt(panel);
    this.update();
    return true;
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.ready = false;
    this.panel = panel;
    panel.webview.options = webviewOptions(this.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'rlm.svg');
    panel.webview.html = renderWebviewHtml(panel.webview, this.extensionUri, 'RLM Run Timeline', 'timeline');
    panel.webview.onDidReceiveMessage((raw) => this.receive(raw));
    panel.onDidDispose(() => {
      if (this.panel !== panel) return;
      this.panel = undefined;
      this.runId = undefined;
    });
  }

  /** Outlines the node selected in the tree, when it belongs to the run shown. */
  select(rootId: string, nodeId: string): void {
    if (rootId !== this.runId) return;
    this.selectedId = nodeId;
    this.post({ type: 'selected', nodeId });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subscription.dispose();
    this.panel?.dispose();
  }

  private receive(raw: unknown): void {
    const message = parseTimelineMessage(raw);
    if (!message) {
      this.log.warn('run timeline: dropped a malformed message from the webview');
      return;
    }
    if (message.type === 'ready') {
      this.ready = true;
      this.update();
      if (this.selectedId) this.post({ type: 'selected', nodeId: this.selectedId });
    } else {
      this.onSelectBar(message.runId, message.nodeId);
    }
  }

  private scheduleUpdate(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.update();
    }, updateIntervalMs);
  }

  private update(): void {
    const runId = this.runId;
    if (!runId || !this.panel) return;
    const entry = this.history.entry(runId);
    const tree = this.history.tree(runId);
    this.panel.title = `Timeline: ${(entry?.summary.question ?? runId).split('\n')[0].slice(0, 40)}`;
    this.post({
      type: 'timeline',
      runId,
      question: entry?.summary.question ?? '',
      running: entry?.live ?? false,
      bars: tree ? timelineOf(tree, runId) : [],
    });
  }

  private post(message: TimelineHostToWebview): void {
    if (!this.panel || !this.ready) return;
    if (message.type === 'timeline') this.lastTimeline = message;
    void this.panel.webview.postMessage(message);
  }
}
