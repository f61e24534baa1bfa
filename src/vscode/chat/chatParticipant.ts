import * as vscode from 'vscode';
import type { RunEvent } from '../../core/engine/runEvents';
import type { ChatErrorAction } from '../../core/protocol/chatProtocol';
import type { SandboxSymbolService } from '../../core/sandbox/sandboxTypes';
import type { Workspace } from '../../core/workspace/workspace';
import type { ExtensionServices, RunRecorder } from '../extensionServices';
import type { ModelProvider, RunSettings } from '../llm/modelClients';
import { distinctCitations } from '../../core/engine/citations';
import type { TurnOutcome } from './turnOutcome';
import { askInVscode } from './vscodeQuestion';

export interface ChatParticipantDependencies {
  models: ModelProvider;
  recorder?: RunRecorder;
  runSettings: () => RunSettings;
  symbols?: SandboxSymbolService;
}

const actionButtons: Partial<Record<ChatErrorAction, vscode.Command>> = {
  configureModel: { command: 'rlm.configureModel', title: 'Configure Model' },
  setApiKey: { command: 'rlm.setApiKey', title: 'Set API Key' },
  manageTrust: { command: 'workbench.trust.manage', title: 'Manage Workspace Trust' },
  openSettings: {
    command: 'workbench.action.openSettings',
    title: 'Open Settings',
    arguments: ['@ext:rlm-explorer.rlm-explorer'],
  },
};

/** `@rlm` in VS Code's chat: each request is a one-off run (not the panel's conversation) answered with references. */
export function registerChatParticipant(services: ExtensionServices, deps: ChatParticipantDependencies): void {
  // Older hosts and some forks have no chat API: the panel still works.
  if (typeof vscode.chat?.createChatParticipant !== 'function') return;
  const participant = vscode.chat.createChatParticipant('rlm.explorer', (request, _context, stream, token) =>
    answerRequest(services, deps, request.prompt, stream, token),
  );
  participant.iconPath = vscode.Uri.joinPath(services.context.extensionUri, 'media', 'rlm.svg');
  services.context.subscriptions.push(participant);
}

async function answerRequest(
  services: ExtensionServices,
  deps: ChatParticipantDependencies,
  question: string,
  stream: vscode.ChatResponseStream,
  token: vscode.CancellationToken,
): Promise<vscode.ChatResult> {
  if (!question.trim())
    return reportOutcome(stream, {
      status: 'failed',
      error: { message: 'Ask a question about this workspace after @rlm.', actions: [] },
    });
  const controller = new AbortController();
  const cancellation = token.onCancellationRequested(() => controller.abort(new Error('cancelled in the chat')));
  try {
    let maxIterations = 0;
    const asked = await askInVscode(
      {
        models: deps.models,
        runSettings: deps.runSettings,
        workspace: services.workspace,
        symbols: () => deps.symbols,
        recorder: deps.recorder,
        log: services.log,
      },
      {
        question,
        source: '@rlm',
        signal: controller.signal,
        onRetry: (notice) => stream.progress(retryProgress(notice.delayMs, notice.status)),
        onStart: (clients, limits) => {
          maxIterations = limits.maxIterations;
          if (clients.unpricedModels.length > 0) {
            stream.progress(
              `Cost unknown: no price for ${clients.unpricedModels.join(', ')} — the token limit (${limits.maxTokens} tokens) applies, not the cost limit.`,
            );
          }
          services.log.info(
            `@rlm: run started (model ${clients.info.label}, question of ${question.length} characters)`,
          );
        },
        sinks: [
          (event) => {
            const line = progressLine(event, maxIterations);
            if (line) stream.progress(line);
          },
        ],
      },
    );
    const result = asked.run?.result;
    if (!result || !asked.workspace) return reportOutcome(stream, asked.turn);
    services.log.info(
      `@rlm: run ${result.runId} ended: ${result.reason}, ${result.totals.inputTokens + result.totals.outputTokens} tokens, $${result.totals.costUsd.toFixed(4)}, ${result.durationMs} ms`,
    );
    if (result.answer) {
      stream.markdown(result.answer);
      await addReferences(asked.workspace, result.answer, stream);
    }
    return reportOutcome(stream, asked.turn, result.answer !== '');
  } finally {
    cancellation.dispose();
  }
}

/** One progress line per iteration and child run: enough to follow, not a line per event. */
function progressLine(event: RunEvent, maxIterations: number): string | undefined {
  if (event.type === 'iteration' && event.depth === 0)
    return `Iteration ${event.iteration} of ${maxIterations}: exploring the workspace`;
  if (event.type === 'child-run') return `Child run: ${event.question.slice(0, 80)}`;
  return undefined;
}

/** A reference for each cited `path:line` that resolves inside the workspace (through its read checks). */
async function addReferences(workspace: Workspace, answer: string, stream: vscode.ChatResponseStream): Promise<void> {
  for (const citation of distinctCitations(answer, 20)) {
    try {
      const { fsPath } = await workspace.locate(citation.file);
      const range = new vscode.Range(citation.startLine - 1, 0, citation.endLine - 1, 0);
      stream.reference(new vscode.Location(vscode.Uri.file(fsPath), range));
    } catch {
      // Not a workspace file (or a secret one): no reference.
    }
  }
}

function reportOutcome(stream: vscode.ChatResponseStream, outcome: TurnOutcome, answered = false): vscode.ChatResult {
  if (outcome.status === 'answered') return {};
  if (outcome.status === 'stopped') return {};
  if (outcome.detail) stream.markdown(`${answered ? '\n\n' : ''}_${outcome.detail}_`);
  if (!outcome.error) return {};
  for (const action of outcome.error.actions) {
    const button = actionButtons[action];
    if (button) stream.button(button);
  }
  return { errorDetails: { message: outcome.error.message } };
}

/** A wait between attempts in a person's words: a rate limit says the endpoint asked for it, and that Stop ends it. */
function retryProgress(delayMs: number, status: number | undefined): string {
  const seconds = Math.ceil(delayMs / 1000);
  return status === 429
    ? `Rate limited: the endpoint asks to wait ${seconds} s; waiting (stop the request to end it)`
    : `The endpoint failed; trying again in ${seconds} s`;
}
