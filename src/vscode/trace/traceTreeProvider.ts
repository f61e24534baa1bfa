import * as vscode from 'vscode';
import type { SymbolRef } from '../../core/symbols/index';
import { childrenOf, isExpandable, rootNode } from './traceTreeNodes';
import type { SymbolNode, TraceQueries, TraceTreeNode } from './traceTreeNodes';
import { traceRow } from './traceTreeRows';

/** The command a row runs on click: opens a workspace path at a line. */
export const openTraceLocationCommand = 'rlm.trace.openLocation';

/**
 * The Dependency Trace tree: one traced symbol as the root, its Callers, Callees, Imports and Imported by groups,
 * each row expanded lazily (one index query per expansion, answers kept until the index changes).
 */
export class TraceTreeProvider implements vscode.TreeDataProvider<TraceTreeNode>, vscode.Disposable {
  private root: SymbolNode | undefined;
  private readonly cache = new Map<string, Promise<TraceTreeNode[]>>();
  private readonly changes = new vscode.EventEmitter<TraceTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changes.event;

  constructor(private readonly queries: TraceQueries) {}

  get current(): SymbolNode | undefined {
    return this.root;
  }

  /** Shows `symbol` as the new root; the groups below it are queried when the tree asks for them. */
  setRoot(symbol: SymbolRef): SymbolNode {
    this.cache.clear();
    this.root = rootNode(symbol);
    this.changes.fire(undefined);
    return this.root;
  }

  /** The index changed: forget answers so expanded rows are asked again. */
  refresh(): void {
    this.cache.clear();
    this.changes.fire(undefined);
  }

  getChildren(node?: TraceTreeNode): Promise<TraceTreeNode[]> | TraceTreeNode[] {
    if (!node) return this.root ? [this.root] : [];
    let answer = this.cache.get(node.key);
    if (!answer) {
      answer = childrenOf(node, this.queries);
      this.cache.set(node.key, answer);
      // A failed query (index cancelled, folder closed) is asked again on the next expansion.
      answer.catch(() => this.cache.delete(node.key));
    }
    return answer;
  }

  getParent(node: TraceTreeNode): TraceTreeNode | undefined {
    return node.parent;
  }

  getTreeItem(node: TraceTreeNode): vscode.TreeItem {
    const row = traceRow(node);
    const state = !isExpandable(node)
      ? vscode.TreeItemCollapsibleState.None
      : node.type === 'group' || (node.type === 'symbol' && node.relation === 'root')
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(row.label, state);
    item.id = node.key;
    if (row.description) item.description = row.description;
    item.tooltip = row.tooltip;
    item.iconPath = new vscode.ThemeIcon(row.icon);
    item.contextValue = row.context;
    if (row.open)
      item.command = { command: openTraceLocationCommand, title: 'Open', arguments: [row.open.file, row.open.line] };
    return item;
  }

  dispose(): void {
    this.changes.dispose();
  }
}
