import * as vscode from 'vscode';
import { RlmEngine } from '../../core/engine/rlmEngine';
import type { RunEvent } from '../../core/engine/runEvents';
import { defaultRunLimits } from '../../core/engine/runLimits';
import type { ChatErrorAction } from '../../core/protocol/chatProtocol';
import type { SandboxSymbolService } from '../../core/sandbox/sandboxTypes';
import type { Workspace } from '../../core/workspace/workspace';
import type { ExtensionServices, RunRecorder } from '../extensionServices';
import type { ModelProvider, RunSettings } from '../llm/modelClients';
import { distinctCitations } from '../../core/engine/citations';
import { redactSecrets, redactStrings } from '../../core/llm/redactSecrets';
import { noFolderOutcome, outcomeOfError, outcomeOfRun, untrustedOutcome, type TurnOutcome } from './turnOutcome';

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
  openSettings: { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: ['@ext:rlm-explorer.rlm-explorer'] },
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
  if (!question.trim()) return reportOutcome(stream, { status: 'failed', error: { message: 'Ask a question about this workspace after @rlm.', actions: [] } });
  if (!vscode.workspace.isTrusted) return reportOutcome(stream, untrustedOutcome);
  const workspace = services.workspace();
  if (!workspace) return reportOutcome(stream, noFolderOutcome);
  const controller = new AbortController();
  const cancellation = token.onCancellationRequested(() => controller.abort(new Error('cancelled in the chat')));
  let secrets: readonly string[] = [];
  try {
    const settings = deps.runSettings();
    const limits = { ...defaultRunLimits, ...settings.limits };
    const clients = await deps.models.resolve({ onRetry: (notice) => stream.progress(retryProgress(notice.delayMs, notice.status)) });
    secrets = clients.secrets;
    if (clients.unpricedModels.length > 0) {
      stream.progress(`Cost unknown: no price for ${clients.unpricedModels.join(', ')} — the token limit (${limits.maxTokens} tokens) applies, not the cost limit.`);
    }
    const engine = new RlmEngine({
      rootClient: clients.root,
      subClient: clients.sub,
      workspace,
      ...(deps.symbols ? { symbols: deps.symbols } : {}),
      sandboxLimits: settings.sandbox,
      onEvent: (raw) => {
        const event = redactStrings(raw, secrets);
        record(services, deps.recorder, event);
        const line = progressLine(event, limits.maxIterations);
        if (line) stream.progress(line);
      },
    });
    services.log.info(`@rlm: run started (model ${clients.info.label}, question of ${question.length} characters)`);
    const result = await engine.run(question, { limits, signal: controller.signal });
    services.log.info(`@rlm: run ${result.runId} ended: ${result.reason}, ${result.totals.inputTokens + result.totals.outputTokens} tokens, $${result.totals.costUsd.toFixed(4)}, ${result.durationMs} ms`);
    const answer = redactSecrets(result.answer, secrets);
    if (answer) {
      stream.markdown(answer);
      await addReferences(workspace, answer, stream);
    }
    return reportOutcome(stream, outcomeOfRun(result, secrets, clients.info.provider), answer !== '');
  } catch (error) {
    const outcome = outcomeOfError(error, secrets);
    if (outcome.error) services.log.error(`@rlm: ${outcome.error.message}`);
    return reportOutcome(stream, outcome);
  } finally {
    cancellation.dispose();
  }
}

function record(services: ExtensionServices, recorder: RunRecorder | undefined, event: RunEvent): void {
  try {
    recorder?.record(event);
  } catch (error) {
    services.log.warn(`@rlm: the run recorder failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** One progress line per iteration and child run: enough to follow, not a line per event. */
function progressLine(event: RunEvent, maxIterations: number): string | undefined {
  if (event.type === 'iteration' && event.depth === 0) return `Iteration ${event.iteration} of ${maxIterations}: exploring the workspace`;
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
