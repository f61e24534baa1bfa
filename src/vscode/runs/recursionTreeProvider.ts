import * as vscode from 'vscode';
import type { RecursionNode } from '../../core/engine/recursionTree';
import type { HistoryChange, RunEntry, RunHistory } from './runHistory';
import { nodeDescription, nodeLabel, pastRunDescription } from './runNodeText';

/** One item of the view: a node of a root run's tree (the run itself when `nodeId === rootId`). */
export interface RunTreeElement {
  readonly rootId: string;
  readonly nodeId: string;
}

const refreshIntervalMs = 50;

/**
 * The `rlm.recursionTree` view: runs newest first, their steps loaded lazily. Events are batched: every 50 ms the
 * view refreshes only the nodes that changed (or the run list when runs came or went).
 */
export class RecursionTreeProvider implements vscode.TreeDataProvider<RunTreeElement>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<RunTreeElement | RunTreeElement[] | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  /** The same object per node, as the view identifies elements by object; per root run, dropped when the run goes. */
  private readonly elements = new Map<string, Map<string, RunTreeElement>>();
  private pending = new Set<RunTreeElement>();
  private pendingAll = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscription: { dispose(): void };

  constructor(private readonly history: RunHistory) {
    this.subscription = history.onDidChange((change) => this.queue(change));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }

  element(rootId: string, nodeId: string = rootId): RunTreeElement {
    let ofRun = this.elements.get(rootId);
    if (!ofRun) this.elements.set(rootId, (ofRun = new Map()));
    let element = ofRun.get(nodeId);
    if (!element) ofRun.set(nodeId, (element = { rootId, nodeId }));
    return element;
  }

  getChildren(element?: RunTreeElement): RunTreeElement[] {
    if (!element) return this.history.runs().map((entry) => this.element(entry.summary.runId));
    const tree = this.history.tree(element.rootId);
    return (tree?.get(element.nodeId)?.childIds ?? []).map((id) => this.element(element.rootId, id));
  }

  getParent(element: RunTreeElement): RunTreeElement | undefined {
    if (element.nodeId === element.rootId) return undefined;
    const parentId = this.history.tree(element.rootId)?.get(element.nodeId)?.parentId;
    return parentId === undefined ? undefined : this.element(element.rootId, parentId);
  }

  getTreeItem(element: RunTreeElement): vscode.TreeItem {
    const entry = this.history.entry(element.rootId);
    const isRun = element.nodeId === element.rootId;
    // A past run's steps stay on disk until it is expanded.
    const node = entry?.tree || !isRun ? this.history.tree(element.rootId)?.get(element.nodeId) : undefined;
    if (isRun && entry && !node) return this.pastRunItem(element, entry);
    if (!node) return new vscode.TreeItem('(step no longer available)');
    const item = new vscode.TreeItem(
      nodeLabel(node),
      node.childIds.length > 0 ? this.collapsed(node, entry) : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `${element.rootId}/${element.nodeId}`;
    item.description = isRun ? runDescription(node, entry) : nodeDescription(node, Date.now());
    const meter = isRun ? (node.detail.contextMeter ?? entry?.summary.contextMeter) : undefined;
    item.tooltip = new vscode.MarkdownString().appendText(
      meter ? `${firstPromptLine(node)}\n\nContext: ${meter}` : firstPromptLine(node),
    );
    item.iconPath = stateIcon(node.state);
    item.contextValue = isRun ? (entry?.live ? 'run.running' : 'run') : `step.${node.kind}`;
    item.command = { command: 'rlm.openRunNode', title: 'Open Run Step Details', arguments: [element] };
    return item;
  }

  private pastRunItem(element: RunTreeElement, entry: RunEntry): vscode.TreeItem {
    const { summary } = entry;
    const item = new vscode.TreeItem(
      summary.question.split('\n')[0] || '(no question)',
      vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = `${element.rootId}/${element.nodeId}`;
    // Duration, tokens and cost like a live run's row; when it was asked goes in the tooltip.
    item.description = pastRunDescription(summary);
    const meter = summary.contextMeter ? `\n\nContext: ${summary.contextMeter}` : '';
    item.tooltip = new vscode.MarkdownString().appendText(
      `${summary.question}\n\nAsked ${new Date(summary.startedAt).toLocaleString()}${meter}`,
    );
    item.iconPath = stateIcon(
      summary.reason === undefined
        ? 'cancelled'
        : summary.reason === 'final'
          ? 'done'
          : summary.reason === 'error'
            ? 'error'
            : summary.reason === 'cancelled'
              ? 'cancelled'
              : 'limited',
    );
    item.contextValue = 'run';
    item.command = { command: 'rlm.openRunNode', title: 'Open Run Step Details', arguments: [element] };
    return item;
  }

  private collapsed(node: RecursionNode, entry: RunEntry | undefined): vscode.TreeItemCollapsibleState {
    // A live run opens by itself so its steps show as they happen.
    return entry?.live && (node.kind === 'run' || node.state === 'running')
      ? vscode.TreeItemCollapsibleState.Expanded
      : vscode.TreeItemCollapsibleState.Collapsed;
  }

  private queue(change: HistoryChange): void {
    if (change.kind === 'runs') {
      this.pendingAll = true;
      // Runs deleted, or pruned past the kept number, leave no elements behind.
      for (const rootId of this.elements.keys()) if (!this.history.entry(rootId)) this.elements.delete(rootId);
    } else
      for (const nodeId of change.nodeIds) {
        const element = this.elements.get(change.runId)?.get(nodeId);
        // Nodes the view never asked for need no refresh: their parent's refresh shows them.
        if (element) this.pending.add(element);
      }
    this.timer ??= setTimeout(() => this.flush(), refreshIntervalMs);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.pendingAll) this.changeEmitter.fire(undefined);
    else if (this.pending.size > 0) this.changeEmitter.fire([...this.pending]);
    this.pending = new Set();
    this.pendingAll = false;
  }
}

function runDescription(node: RecursionNode, entry: RunEntry | undefined): string {
  // A run always says what it cost, even when no model had a price.
  const unpriced = node.total.pricedCalls === 0 && node.total.unpricedCalls > 0;
  const base = `${nodeDescription(node, Date.now())}${unpriced ? ' · cost unknown' : ''}`;
  if (entry?.live) return `running · ${base}`;
  return entry?.summary.reason && entry.summary.reason !== 'final' ? `${entry.summary.reason} · ${base}` : base;
}

function firstPromptLine(node: RecursionNode): string {
  const text = node.detail.question ?? node.detail.prompt ?? node.detail.code ?? node.detail.response ?? node.label;
  return (
    text
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? node.label
  );
}

function stateIcon(state: RecursionNode['state']): vscode.ThemeIcon {
  switch (state) {
    case 'running':
      return new vscode.ThemeIcon('loading~spin');
    case 'done':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'error':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'limited':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    case 'cancelled':
      return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
  }
}
