import type * as vscode from 'vscode';
import type { RecursionTreeProvider, RunTreeElement } from './recursionTreeProvider';
import type { RunHistory } from './runHistory';

/** As the tree view refreshes: a step that started is selected no sooner than its row can be shown. */
const followIntervalMs = 50;

/**
 * "Reveal Running Step": selects the newest running step of the live run now, then keeps selecting the newest one as
 * the run moves on, until the run ends or the person selects another item.
 */
export class RunningStepFollower implements vscode.Disposable {
  private rootId: string | undefined;
  private shownId: string | undefined;
  /** Items this follower selected: their selection events are ours, any other selection stops following. */
  private readonly revealed = new Set<RunTreeElement>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: Array<{ dispose(): void }>;

  constructor(
    private readonly history: RunHistory,
    private readonly provider: RecursionTreeProvider,
    private readonly treeView: vscode.TreeView<RunTreeElement>,
    private readonly log: (message: string) => void,
  ) {
    this.subscriptions = [
      history.onDidChange((change) => {
        if (this.rootId && (change.kind === 'runs' || change.runId === this.rootId))
          this.timer ??= setTimeout(() => this.follow(), followIntervalMs);
      }),
      treeView.onDidChangeSelection((event) => {
        const selected = event.selection[0];
        if (this.rootId && selected && !this.revealed.has(selected)) this.stop();
      }),
    ];
  }

  /** The run followed, undefined when not following. */
  get following(): string | undefined {
    return this.rootId;
  }

  /** Reveals the newest running step (focusing the tree) and follows its run; undefined when nothing runs. */
  async start(): Promise<RunTreeElement | undefined> {
    this.stop();
    const live = this.history.runs().find((entry) => entry.live);
    const node = live ? this.history.tree(live.summary.runId)?.newestRunning(live.summary.runId) : undefined;
    if (!live || !node) return undefined;
    this.rootId = live.summary.runId;
    return this.reveal(this.rootId, node.id, true);
  }

  stop(): void {
    this.rootId = undefined;
    this.shownId = undefined;
    this.revealed.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.stop();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private follow(): void {
    this.timer = undefined;
    const rootId = this.rootId;
    if (!rootId) return;
    const entry = this.history.entry(rootId);
    const node = entry?.live ? this.history.tree(rootId)?.newestRunning(rootId) : undefined;
    if (!node) return this.stop();
    if (node.id !== this.shownId)
      void this.reveal(rootId, node.id, false).catch((error) =>
        this.log(`runs: could not follow the running step: ${String(error)}`),
      );
  }

  private async reveal(rootId: string, nodeId: string, focus: boolean): Promise<RunTreeElement> {
    const element = this.provider.element(rootId, nodeId);
    this.shownId = nodeId;
    this.revealed.add(element);
    // Following moves the selection but leaves the keyboard focus where the person is typing.
    await this.treeView.reveal(element, { select: true, focus, expand: true });
    return element;
  }
}
