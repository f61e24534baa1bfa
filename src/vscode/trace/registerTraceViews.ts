import * as vscode from 'vscode';
import { IndexCancelledError, buildTraceSubgraph } from '../../core/symbols/index';
import type { SymbolInfo, SymbolRef } from '../../core/symbols/index';
import type { GraphDepth, TraceSubgraph } from '../../core/protocol/traceGraphProtocol';
import type { ExtensionServices } from '../extensionServices';
import { explainRequest } from './explainQuestion';
import type { ExplainRequest } from './explainQuestion';
import { resolveTraceTarget } from './resolveTraceTarget';
import { TraceGraphPanel, traceGraphViewType } from './traceGraphPanel';
import type { RenderedGraph, TraceGraphDependencies } from './traceGraphPanel';
import type { TraceTreeNode } from './traceTreeNodes';
import { TraceTreeProvider, openTraceLocationCommand } from './traceTreeProvider';

/** What the integration tests (and other extensions) can see of the trace views; `api.trace`. */
export interface TraceViewsApi {
  /** The symbol the Dependency Trace tree shows, once one was traced. */
  readonly root: SymbolRef | undefined;
  /** The rows under `node` (under the tree's top when omitted) as the tree shows them; expanding queries the index. */
  rows(node?: TraceTreeNode): Promise<Array<{ node: TraceTreeNode; item: vscode.TreeItem }>>;
  /** The graph the graph tab shows (the last trace it received), and what its page last drew. */
  readonly graph: TraceSubgraph | undefined;
  readonly rendered: RenderedGraph | undefined;
  /** Resolves when the graph tab has drawn a graph of `root` (now, if it already has). */
  whenRendered(root: string): Promise<RenderedGraph>;
  exportDot(target?: vscode.Uri): Promise<vscode.Uri | undefined>;
  exportSvg(target?: vscode.Uri): Promise<vscode.Uri | undefined>;
  /** The context Explain with RLM would attach about the current root (nothing is sent). */
  explainQuestion(): Promise<string | undefined>;
  /** The short question and the attached context Explain with RLM would send about the current root. */
  explainRequest(): Promise<ExplainRequest | undefined>;
}

const defaultDepth: GraphDepth = 2;
/** workspaceState: the symbol the Dependency Trace tree showed, restored on the next activation. */
const traceRootKey = 'rlm.trace.root';

/** A SymbolRef as saved by Trace Dependencies; anything else (an older shape, a hand edit) is ignored. */
function storedTraceRoot(value: unknown): SymbolRef | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const strings = ['id', 'name', 'qualifiedName', 'kind', 'file'].every(
    (key) => typeof v[key] === 'string' && (v[key] as string).length <= 2_000,
  );
  if (!strings || !Number.isSafeInteger(v.line) || !Number.isSafeInteger(v.endLine)) return undefined;
  return {
    id: v.id,
    name: v.name,
    qualifiedName: v.qualifiedName,
    kind: v.kind,
    file: v.file,
    line: v.line,
    endLine: v.endLine,
  } as SymbolRef;
}

/** Registers Trace Dependencies (tree view), Show Dependency Graph (webview tab) and Explain with RLM. */
export function registerTraceViews(services: ExtensionServices): TraceViewsApi {
  const { context, symbols } = services;
  const provider = new TraceTreeProvider({
    callers: (symbol) => symbols.callers(symbol),
    callees: (symbol) => symbols.callees(symbol),
    imports: (file) => symbols.imports(file),
    importers: (file) => symbols.importers(file),
  });
  const treeView = vscode.window.createTreeView('rlm.trace', { treeDataProvider: provider, showCollapseAll: true });
  // The symbol traced last comes back after a reload; the rows below it are queried again when expanded.
  const restoredRoot = storedTraceRoot(context.workspaceState.get(traceRootKey));
  if (restoredRoot) provider.setRoot(restoredRoot);
  else treeView.message = 'Trace a symbol: right-click it in an editor and choose RLM: Trace Dependencies.';
  let panel: TraceGraphPanel | undefined;

  const graphDeps: TraceGraphDependencies = {
    extensionUri: context.extensionUri,
    log: services.log,
    trace: async (root, depth) => {
      // Two one-way walks at once: each has its own precise-mode time limit, so together they take the longer one.
      const [callers, callees] = await Promise.all([
        symbols.trace(root, { direction: 'callers', depth }),
        symbols.trace(root, { direction: 'callees', depth }),
      ]);
      return buildTraceSubgraph(root, depth, callers, callees);
    },
    openNode: (node) => services.openLocation(node.file, node.line),
  };

  /** The symbol a command means: its argument, the tree's root (for the view's title buttons), or the cursor/input. */
  const target = async (title: string, query: unknown, preferRoot: boolean): Promise<SymbolRef | undefined> => {
    if (typeof query === 'string' && query.trim()) return toRef(await resolveTraceTarget(symbols, title, query));
    if (preferRoot && provider.current) return provider.current.symbol;
    return toRef(await resolveTraceTarget(symbols, title));
  };

  const traceDependencies = async (query: unknown): Promise<void> => {
    const symbol = await target('RLM: Trace Dependencies', query, false);
    if (!symbol) return;
    const root = provider.setRoot(symbol);
    treeView.message = undefined;
    await context.workspaceState.update(traceRootKey, symbol);
    await treeView.reveal(root, { select: true, focus: false, expand: true });
  };

  const showGraph = async (query: unknown): Promise<void> => {
    const symbol = await target('RLM: Show Dependency Graph', query, true);
    if (!symbol) return;
    if (panel) await panel.show(symbol.id);
    else adoptGraph(TraceGraphPanel.open(graphDeps, symbol.id, defaultDepth));
  };

  const adoptGraph = (opened: TraceGraphPanel): void => {
    opened.onDidDispose(() => {
      if (panel === opened) panel = undefined;
    });
    panel = opened;
  };

  const requestFor = async (symbol: SymbolRef): Promise<ExplainRequest> =>
    explainRequest({
      root: symbol,
      callers: await symbols.callers(symbol.id),
      callees: symbol.kind === 'file' ? [] : await symbols.callees(symbol.id),
      imports: (await symbols.imports(symbol.file)) ?? [],
    });

  const explain = async (query: unknown): Promise<void> => {
    const symbol = await target('RLM: Explain with RLM', query, true);
    if (!symbol) return;
    const request = await requestFor(symbol);
    await vscode.commands.executeCommand('rlm.askInChat', request.question, request.context);
  };

  /** Index builds the person cancelled end the command quietly; other failures reach withWorkspace's message. */
  const command =
    (run: (query: unknown) => Promise<void>) =>
    (query?: unknown): Promise<void> =>
      services.withWorkspace(async () => {
        try {
          await run(query);
        } catch (error) {
          if (!(error instanceof IndexCancelledError)) throw error;
        }
      })();

  context.subscriptions.push(
    provider,
    treeView,
    symbols.onDidUpdate(() => provider.refresh()),
    { dispose: () => panel?.dispose() },
    // The graph tab comes back after a reload, traced again from the root and depth its page kept.
    vscode.window.registerWebviewPanelSerializer(traceGraphViewType, {
      deserializeWebviewPanel: async (restored, state) => {
        const graph = panel ? undefined : TraceGraphPanel.restore(graphDeps, restored, state);
        if (graph) adoptGraph(graph);
        else restored.dispose(); // one graph tab per window, and only of a symbol it can name
      },
    }),
    vscode.commands.registerCommand('rlm.traceDependencies', command(traceDependencies)),
    vscode.commands.registerCommand('rlm.showTraceGraph', command(showGraph)),
    vscode.commands.registerCommand('rlm.explainTrace', command(explain)),
    vscode.commands.registerCommand(openTraceLocationCommand, async (file: unknown, line: unknown) => {
      if (typeof file !== 'string' || typeof line !== 'number') return;
      try {
        await services.openLocation(file, line);
      } catch (error) {
        void vscode.window.showErrorMessage(
          `RLM: could not open ${file}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }),
  );

  return {
    get root() {
      return provider.current?.symbol;
    },
    async rows(node) {
      const children = await provider.getChildren(node);
      return children.map((child) => ({ node: child, item: provider.getTreeItem(child) }));
    },
    get graph() {
      return panel?.lastGraph;
    },
    get rendered() {
      return panel?.lastRendered;
    },
    whenRendered(root) {
      const shown = panel?.lastRendered;
      if (shown?.root === root) return Promise.resolve(shown);
      if (!panel)
        return Promise.reject(new Error('The dependency graph is not open: run RLM: Show Dependency Graph first.'));
      const current = panel;
      return new Promise((resolve) => {
        const listener = current.onDidRender((rendered) => {
          if (rendered.root !== root) return;
          listener.dispose();
          resolve(rendered);
        });
      });
    },
    exportDot(targetUri) {
      if (!panel)
        return Promise.reject(new Error('The dependency graph is not open: run RLM: Show Dependency Graph first.'));
      return panel.exportDot(targetUri);
    },
    exportSvg(targetUri) {
      if (!panel)
        return Promise.reject(new Error('The dependency graph is not open: run RLM: Show Dependency Graph first.'));
      return panel.exportSvg(targetUri);
    },
    async explainQuestion() {
      return provider.current ? (await requestFor(provider.current.symbol)).context.text : undefined;
    },
    async explainRequest() {
      return provider.current ? requestFor(provider.current.symbol) : undefined;
    },
  };
}

function toRef(symbol: SymbolInfo | undefined): SymbolRef | undefined {
  if (!symbol) return undefined;
  return {
    id: symbol.id,
    name: symbol.name,
    qualifiedName: symbol.qualifiedName,
    kind: symbol.kind,
    file: symbol.file,
    line: symbol.line,
    endLine: symbol.endLine,
  };
}
