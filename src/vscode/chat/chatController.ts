import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type {
  ChatContext,
  ChatErrorAction,
  ChatHostToWebview,
  ChatModelInfo,
  ChatTurn,
  ChatWebviewToHost,
} from '../../core/protocol/chatProtocol';
import type { SandboxSymbolService } from '../../core/sandbox/sandboxTypes';
import type { Workspace } from '../../core/workspace/workspace';
import type { ExtensionServices, RunRecorder } from '../extensionServices';
import type { ModelProvider, RunSettings } from '../llm/modelClients';
import type { ChatApi } from './chatApi';
import type { ChatWebviewHost } from './chatWebviewHost';
import { Conversation } from '../../core/engine/conversation';
import { ConversationStore } from './conversationStore';
import { RunStatusBar } from './runStatusBar';
import { TurnRun } from './turnRun';

/** While a turn runs, the conversation is saved at most this often (and always when the turn ends). */
const saveWhileRunningMs = 2_000;

export interface ChatControllerDependencies {
  models: ModelProvider;
  recorder?: RunRecorder;
  runSettings: () => RunSettings;
  symbols: (workspace: Workspace) => SandboxSymbolService | undefined;
}

/**
 * The workspace's one conversation, shared by every open chat webview (the view and the tab mirror it): asks,
 * stops, persists, and answers the webviews' commands. One run at a time.
 */
export class ChatController implements ChatApi, vscode.Disposable {
  private turnList: ChatTurn[];
  private readonly hosts = new Set<ChatWebviewHost>();
  private readonly store: ConversationStore;
  /** The conversation's REPL session; reopened from the answered turns when the workspace or sandbox settings change. */
  private readonly session = new Conversation(() =>
    this.turnList
      .filter((t) => t.status !== 'running' && t.answer)
      .map((t) => ({ question: t.question, answer: t.answer })),
  );
  private readonly statusBar = new RunStatusBar();
  private readonly turnEnds = new vscode.EventEmitter<ChatTurn>();
  private readonly disposables: vscode.Disposable[];
  private active: { run: TurnRun; done: Promise<void> } | undefined;
  private lastSave = 0;
  readonly onDidEndTurn = this.turnEnds.event;

  constructor(
    private readonly services: ExtensionServices,
    private readonly deps: ChatControllerDependencies,
  ) {
    this.store = new ConversationStore(services.context.workspaceState);
    this.turnList = this.store.load();
    this.disposables = [
      this.statusBar,
      this.turnEnds,
      deps.models.onDidChange(() => void this.postModel()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.postState()),
    ];
    // Turns a reload left 'running' were loaded as 'stopped': save that at once.
    if (this.store.hasInterruptedTurn()) void this.save();
  }

  turns(): ChatTurn[] {
    return structuredClone(this.turnList);
  }

  storedTurns(): ChatTurn[] {
    return new ConversationStore(this.services.context.workspaceState).load();
  }

  get busy(): boolean {
    return this.active !== undefined;
  }

  attach(host: ChatWebviewHost): vscode.Disposable {
    this.hosts.add(host);
    return new vscode.Disposable(() => this.hosts.delete(host));
  }

  /** A hidden webview misses messages even when its context is kept: it gets the whole state when shown again. */
  async resync(host: ChatWebviewHost): Promise<void> {
    if (this.hosts.has(host)) await this.postState(host);
  }

  /** Asks `question`; `context` (e.g. a traced subgraph) is shown folded under it and sent to the engine after it. */
  async ask(question: string, context?: ChatContext): Promise<ChatTurn | undefined> {
    const text = question.trim();
    if (!text) return undefined;
    if (this.active) {
      void vscode.window.showInformationMessage(
        'RLM: a run is still going. Stop it (Escape in the chat) or wait for its answer, then ask again.',
      );
      return undefined;
    }
    const turn: ChatTurn = {
      id: randomUUID(),
      question: text,
      ...(context ? { context } : {}),
      answer: '',
      status: 'running',
      startedAt: Date.now(),
    };
    this.turnList.push(turn);
    this.post({ type: 'turnStarted', turn: structuredClone(turn) });
    const run = new TurnRun(turn, {
      models: this.deps.models,
      conversation: this.session,
      workspace: this.services.workspace,
      symbols: this.deps.symbols,
      runSettings: this.deps.runSettings,
      recorder: this.deps.recorder,
      log: this.services.log,
      statusBar: this.statusBar,
      post: (message) => this.post(message),
      persist: () => void this.saveThrottled(),
    });
    const done = run.run().finally(async () => {
      this.active = undefined;
      await this.save();
      this.turnEnds.fire(structuredClone(turn));
    });
    this.active = { run, done };
    return structuredClone(turn);
  }

  turnEnded(turnId: string): Promise<ChatTurn> {
    const turn = this.turnList.find((t) => t.id === turnId);
    if (turn && turn.status !== 'running') return Promise.resolve(structuredClone(turn));
    return new Promise((resolve) => {
      const subscription = this.onDidEndTurn((ended) => {
        if (ended.id !== turnId) return;
        subscription.dispose();
        resolve(ended);
      });
    });
  }

  stop(turnId?: string): boolean {
    if (!this.active || (turnId !== undefined && this.active.run.turnId !== turnId)) return false;
    this.active.run.stop();
    return true;
  }

  async newConversation(): Promise<void> {
    const running = this.active;
    running?.run.stop();
    await running?.done;
    this.session.dispose();
    this.turnList = [];
    await this.save();
    await this.postState();
  }

  /** A command from one webview. */
  async handle(message: ChatWebviewToHost, host: ChatWebviewHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        await this.postState(host);
        host.handshakeDone();
        return;
      case 'ask':
        await this.ask(message.question);
        return;
      case 'stop':
        this.stop(message.turnId);
        return;
      case 'rateLimitAnswer':
        if (this.active?.run.turnId === message.turnId)
          this.active.run.answerRateLimit(message.askId, message.decision);
        return;
      case 'newConversation':
        return this.newConversation();
      case 'openCitation':
        try {
          await this.services.openLocation(message.file, message.startLine, 1, message.endLine);
        } catch (error) {
          void vscode.window.showErrorMessage(
            `RLM: could not open ${message.file}:${message.startLine}: ${messageOf(error)}`,
          );
        }
        return;
      case 'copyText':
        await vscode.env.clipboard.writeText(message.text);
        return;
      case 'errorAction':
        return this.errorAction(message.action, message.turnId);
      case 'revealRunNode':
        // The recursion tree selects the node when given one; without a run history it still shows the tree.
        await vscode.commands.executeCommand('rlm.showRecursionTree', { runId: message.runId, nodeId: message.nodeId });
        return;
    }
  }

  dispose(): void {
    this.active?.run.stop();
    this.session.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private async errorAction(action: ChatErrorAction, turnId: string): Promise<void> {
    switch (action) {
      case 'configureModel':
        await vscode.commands.executeCommand('rlm.configureModel');
        return;
      case 'setApiKey':
        await vscode.commands.executeCommand('rlm.setApiKey');
        return;
      case 'retry': {
        const turn = this.turnList.find((t) => t.id === turnId);
        if (turn) await this.ask(turn.question, turn.context);
        return;
      }
      case 'manageTrust':
        await vscode.commands.executeCommand('workbench.trust.manage');
        return;
      case 'openSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', '@ext:rlm-explorer.rlm-explorer');
        return;
      case 'showLog':
        this.services.log.show();
        return;
    }
  }

  private post(message: ChatHostToWebview): void {
    for (const host of this.hosts) host.post(message);
  }

  private async postState(only?: ChatWebviewHost): Promise<void> {
    // The turns are read after the await: a turn started meanwhile must not be dropped by a stale snapshot.
    const model = await this.describeModel();
    const message: ChatHostToWebview = {
      type: 'state',
      turns: this.turns(),
      model,
      workspaceName: vscode.workspace.name ?? 'No folder open',
      trusted: vscode.workspace.isTrusted,
    };
    if (only) only.post(message);
    else this.post(message);
  }

  private async postModel(): Promise<void> {
    this.post({ type: 'modelChanged', model: await this.describeModel() });
  }

  private async describeModel(): Promise<ChatModelInfo | undefined> {
    try {
      return await this.deps.models.describe();
    } catch (error) {
      this.services.log.warn(`chat: could not describe the model: ${messageOf(error)}`);
      return undefined;
    }
  }

  private async saveThrottled(): Promise<void> {
    if (Date.now() - this.lastSave < saveWhileRunningMs) return;
    await this.save();
  }

  private async save(): Promise<void> {
    this.lastSave = Date.now();
    try {
      await this.store.save(this.turnList);
    } catch (error) {
      this.services.log.warn(`chat: could not save the conversation: ${messageOf(error)}`);
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
