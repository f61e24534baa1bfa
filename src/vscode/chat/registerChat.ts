import * as vscode from 'vscode';
import type { ExtensionServices, RunRecorder } from '../extensionServices';
import type { ModelProvider, RunSettings } from '../llm/modelClients';
import { webviewOptions } from '../searchPanel/webviewHtml';
import { readRunSettings } from '../settings';
import { ChatController } from './chatController';
import { registerChatParticipant } from './chatParticipant';
import { ChatWebviewHost } from './chatWebviewHost';
import {
  maxContextLabelLength,
  maxContextLength,
  maxQuestionLength,
  parseChatContext,
} from '../../core/protocol/chatMessageSchema';
import { VscodeSandboxSymbols } from './vscodeSandboxSymbols';

export interface ChatRegistrationDependencies {
  models: ModelProvider;
  recorder?: RunRecorder;
  /** Default: the `rlm.limits.*` settings. */
  runSettings?: () => RunSettings;
  /** Also told by the Stop command (runs other features started, e.g. the agent tools'). */
  onStop?: () => boolean;
}

const panelViewType = 'rlm.chatPanel';

/**
 * The chat: the `rlm.chat` view, the `RLM: Open Chat` editor tab (restored after a reload), the commands that drive
 * them, and the `@rlm` participant of VS Code's native chat. Returns the controller (the extension API's `chat`).
 */
export function registerChat(services: ExtensionServices, deps: ChatRegistrationDependencies): ChatController {
  const { context, log } = services;
  const extensionUri = context.extensionUri;
  const runSettings = deps.runSettings ?? readRunSettings;
  const symbols = new VscodeSandboxSymbols(services.symbols);
  const controller = new ChatController(services, {
    models: deps.models,
    recorder: deps.recorder,
    runSettings,
    symbols: () => symbols,
  });
  let panel: { panel: vscode.WebviewPanel; host: ChatWebviewHost } | undefined;
  let view: vscode.WebviewView | undefined;

  const connect = (webview: vscode.Webview, owner: { onDidDispose: vscode.Event<void> }): ChatWebviewHost => {
    const host = new ChatWebviewHost(webview, extensionUri, log, (message, from) => {
      controller
        .handle(message, from)
        .catch((error: unknown) =>
          log.error(`chat: ${message.type} failed: ${error instanceof Error ? error.message : String(error)}`),
        );
    });
    const detach = controller.attach(host);
    owner.onDidDispose(() => {
      detach.dispose();
      host.dispose();
    });
    return host;
  };

  const adoptPanel = (created: vscode.WebviewPanel): ChatWebviewHost => {
    created.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'rlm.svg');
    const host = connect(created.webview, created);
    created.onDidChangeViewState(() => {
      if (created.visible) void controller.resync(host);
    });
    const entry = { panel: created, host };
    panel = entry;
    created.onDidDispose(() => {
      if (panel === entry) panel = undefined;
    });
    return host;
  };

  const openChat = (): ChatWebviewHost => {
    if (panel) {
      panel.panel.reveal(undefined, false);
      return panel.host;
    }
    const created = vscode.window.createWebviewPanel(panelViewType, 'RLM Chat', vscode.ViewColumn.Beside, {
      ...webviewOptions(extensionUri),
      retainContextWhenHidden: true, // a hidden tab keeps streaming instead of reloading
    });
    return adoptPanel(created);
  };

  context.subscriptions.push(
    controller,
    vscode.window.registerWebviewViewProvider(
      'rlm.chat',
      {
        resolveWebviewView: (resolved) => {
          view = resolved;
          const host = connect(resolved.webview, resolved);
          resolved.onDidChangeVisibility(() => {
            if (resolved.visible) void controller.resync(host);
          });
          resolved.onDidDispose(() => {
            if (view === resolved) view = undefined;
          });
        },
      },
      { webviewOptions: { retainContextWhenHidden: true } },
    ),
    vscode.window.registerWebviewPanelSerializer(panelViewType, {
      deserializeWebviewPanel: async (restored) => {
        if (panel)
          restored.dispose(); // one chat tab per window
        else adoptPanel(restored);
      },
    }),
    vscode.commands.registerCommand('rlm.openChat', () => openChat().focusInput()),
    vscode.commands.registerCommand('rlm.newConversation', () => controller.newConversation()),
    // True when something was running: the chat's turn, or a run an agent started through a tool.
    vscode.commands.registerCommand('rlm.stopRun', () => {
      const chatStopped = controller.stop();
      const toolsStopped = deps.onStop?.() ?? false;
      return chatStopped || toolsStopped;
    }),
    vscode.commands.registerCommand('rlm.askInChat', async (question?: unknown, context?: unknown) => {
      if (typeof question !== 'string' || !question.trim() || question.length > maxQuestionLength) {
        log.warn('chat: rlm.askInChat needs a question (a non-empty string)');
        return undefined;
      }
      const attached = parseChatContext(context);
      if (context !== undefined && !attached) {
        log.warn(
          `chat: rlm.askInChat's context must be { label, text } with a label of up to ${maxContextLabelLength} and a text of up to ${maxContextLength} characters`,
        );
        return undefined;
      }
      // The sidebar view when it is on screen, otherwise the editor tab.
      if (view?.visible) view.show(true);
      else openChat();
      return controller.ask(question, attached);
    }),
  );
  registerChatParticipant(services, { models: deps.models, recorder: deps.recorder, runSettings, symbols });
  return controller;
}
