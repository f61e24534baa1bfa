import * as vscode from 'vscode';
import { traceSubgraphToDot } from '../../core/symbols/index';
import type {
  GraphDepth,
  GraphHostToWebview,
  GraphNode,
  GraphWebviewToHost,
  TraceSubgraph,
} from '../../core/protocol/traceGraphProtocol';
import { renderWebviewHtml, webviewOptions } from '../searchPanel/webviewHtml';
import { isGraphDepth, parseGraphMessage } from '../../core/protocol/graphMessageSchema';

export interface TraceGraphDependencies {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  /** Callers and callees of `root` up to `depth` hops, as one graph. */
  trace(root: string, depth: GraphDepth): Promise<TraceSubgraph>;
  openNode(node: GraphNode): Promise<void>;
}

/** What the page last reported drawing. */
export interface RenderedGraph {
  root: string;
  nodes: number;
  edges: number;
}

const svgTimeoutMs = 15_000;
/** The tab's view type: `onWebviewPanel:rlm.traceGraph` activates the extension to restore it after a reload. */
export const traceGraphViewType = 'rlm.traceGraph';
/** A symbol id is a path and a qualified name: anything longer in a restored page's state is not one of ours. */
const maxRestoredRootLength = 2_000;

/**
 * The "RLM Dependency Graph" editor tab: traces the root on the host, sends the graph after the page's `ready`,
 * re-traces when the page changes the depth, opens clicked nodes, and saves the page's SVG or the host's DOT.
 */
export class TraceGraphPanel implements vscode.Disposable {
  private graph: TraceSubgraph | undefined;
  private rendered: RenderedGraph | undefined;
  private ready = false;
  private nextRequest = 0;
  private generation = 0;
  /** SVG requests waiting for the page: called with the SVG, or with an Error when the tab closes or time runs out. */
  private readonly pendingSvg = new Map<number, (answer: string | Error) => void>();
  private readonly renders = new vscode.EventEmitter<RenderedGraph>();
  private readonly disposables: vscode.Disposable[] = [this.renders];
  /** Fires when the page has laid out and drawn a graph. */
  readonly onDidRender = this.renders.event;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: TraceGraphDependencies,
    private root: string,
    private depth: GraphDepth,
  ) {
    panel.webview.html = renderWebviewHtml(panel.webview, deps.extensionUri, 'RLM Dependency Graph', 'graph');
    this.disposables.push(panel.webview.onDidReceiveMessage((raw) => this.receive(raw)));
    this.disposables.push(panel.onDidDispose(() => this.release()));
  }

  /** Fires once, when the tab is closed (by the person or by `dispose`). */
  get onDidDispose(): vscode.Event<void> {
    return this.panel.onDidDispose;
  }

  static open(deps: TraceGraphDependencies, root: string, depth: GraphDepth = 2): TraceGraphPanel {
    const panel = vscode.window.createWebviewPanel(
      traceGraphViewType,
      'RLM Dependency Graph',
      vscode.ViewColumn.Active,
      { ...webviewOptions(deps.extensionUri), retainContextWhenHidden: true },
    );
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'rlm.svg');
    return new TraceGraphPanel(panel, deps, root, depth);
  }

  /** The graph tab VS Code brought back after a reload, traced again from the root and depth its page saved. */
  static restore(
    deps: TraceGraphDependencies,
    panel: vscode.WebviewPanel,
    state: unknown,
  ): TraceGraphPanel | undefined {
    const saved = typeof state === 'object' && state !== null ? (state as { root?: unknown; depth?: unknown }) : {};
    if (typeof saved.root !== 'string' || saved.root.length === 0 || saved.root.length > maxRestoredRootLength)
      return undefined;
    panel.webview.options = webviewOptions(deps.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'rlm.svg');
    return new TraceGraphPanel(panel, deps, saved.root, isGraphDepth(saved.depth) ? saved.depth : 2);
  }

  get lastGraph(): TraceSubgraph | undefined {
    return this.graph;
  }

  get lastRendered(): RenderedGraph | undefined {
    return this.rendered;
  }

  /** Traces another root (or the same one again) and shows it. */
  async show(root: string, depth: GraphDepth = this.depth): Promise<void> {
    this.root = root;
    this.depth = depth;
    this.panel.reveal(undefined, false);
    if (this.ready) await this.retrace();
  }

  /** Writes the DOT of the shown graph to `target`, or where the save dialog says; returns the file written. */
  async exportDot(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const graph = this.graph;
    if (!graph) throw new Error('The graph is still being traced; export again once it is shown.');
    const uri = target ?? (await this.saveTarget('dot', 'Graphviz DOT'));
    if (uri) await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(traceSubgraphToDot(graph)));
    return uri;
  }

  /** Asks the page for the SVG it drew and writes it to `target`, or where the save dialog says. */
  async exportSvg(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    return this.saveSvg(await this.requestSvg(), target);
  }

  dispose(): void {
    this.panel.dispose();
  }

  private release(): void {
    this.generation++;
    for (const settle of [...this.pendingSvg.values()])
      settle(new Error('The dependency graph tab was closed before it sent its SVG.'));
    for (const d of this.disposables) d.dispose();
  }

  private receive(raw: unknown): void {
    const message = parseGraphMessage(raw);
    if (!message) {
      this.deps.log.warn('dependency graph: dropped a malformed message from the webview');
      return;
    }
    void this.handle(message).catch((error: unknown) => {
      const text = error instanceof Error ? error.message : String(error);
      this.deps.log.error(`dependency graph: ${text}`);
      void vscode.window.showErrorMessage(`RLM: ${text}`);
    });
  }

  private async handle(message: GraphWebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        return this.retrace();
      case 'setDepth':
        this.depth = message.depth;
        return this.retrace();
      case 'openNode': {
        const node = this.graph?.nodes.find((n) => n.id === message.id);
        // Only nodes the host sent can be opened: the page never names files itself.
        if (node) await this.deps.openNode(node);
        return;
      }
      case 'svg': {
        const waiting = message.requestId !== undefined ? this.pendingSvg.get(message.requestId) : undefined;
        if (waiting) waiting(message.svg);
        else if (message.requestId === undefined) await this.saveSvg(message.svg);
        return;
      }
      case 'exportDot':
        await this.exportDot();
        return;
      case 'rendered':
        if (!this.graph) return;
        this.rendered = { root: this.graph.root, nodes: message.nodes, edges: message.edges };
        this.renders.fire(this.rendered);
        return;
      case 'renderError':
        this.deps.log.error(`dependency graph: the page could not draw the graph: ${message.message}`);
        return;
    }
  }

  private async retrace(): Promise<void> {
    const generation = ++this.generation;
    this.post({ type: 'loading', depth: this.depth });
    try {
      const graph = await this.deps.trace(this.root, this.depth);
      // A newer depth or root was asked for while this one traced.
      if (generation !== this.generation) return;
      this.graph = graph;
      this.rendered = undefined;
      this.panel.title = `Graph: ${graph.nodes.find((n) => n.id === graph.root)?.label ?? graph.root}`;
      this.post({ type: 'graph', graph });
    } catch (error) {
      if (generation !== this.generation) return;
      this.post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  }

  private requestSvg(): Promise<string> {
    if (!this.rendered) return Promise.reject(new Error('The graph is not drawn yet; export again once it is shown.'));
    const requestId = this.nextRequest++;
    return new Promise<string>((resolve, reject) => {
      const settle = (answer: string | Error): void => {
        clearTimeout(timer);
        this.pendingSvg.delete(requestId);
        if (typeof answer === 'string') resolve(answer);
        else reject(answer);
      };
      const timer = setTimeout(
        () => settle(new Error(`The graph page did not send its SVG within ${svgTimeoutMs / 1000} s.`)),
        svgTimeoutMs,
      );
      this.pendingSvg.set(requestId, settle);
      this.post({ type: 'requestSvg', requestId });
    });
  }

  private async saveSvg(svg: string, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const uri = target ?? (await this.saveTarget('svg', 'SVG image'));
    if (uri) await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(svg));
    return uri;
  }

  private async saveTarget(extension: string, label: string): Promise<vscode.Uri | undefined> {
    const name = (this.graph?.nodes.find((n) => n.id === this.graph?.root)?.label ?? 'trace').replace(/[^\w.-]+/g, '_');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    return vscode.window.showSaveDialog({
      title: `Export the dependency graph as ${label}`,
      filters: { [label]: [extension] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${name}.${extension}`) } : {}),
    });
  }

  private post(message: GraphHostToWebview): void {
    void this.panel.webview.postMessage(message);
  }
}
