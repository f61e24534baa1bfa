import type { RunResult } from '../../core/engine/rlmEngine';
import type { ChatError, ChatModelInfo, TurnStatus } from '../../core/protocol/chatProtocol';
import { ModelNotConfiguredError } from '../llm/modelClients';
import { untrustedFolderMessage } from '../workspaceTrust';
import { redactSecrets } from '../../core/llm/redactSecrets';

/**
 * A stopped or limited turn's detail is the whole status line the panel shows ("Stopped by you · 3.1 s"), so it
 * names what happened once instead of repeating the status.
 */
export const userStoppedDetail = 'Stopped by you';
export const reloadStoppedDetail = 'Stopped when the window was reloaded';

/** How a turn ended, in the panel's terms. */
export interface TurnOutcome {
  status: Exclude<TurnStatus, 'running'>;
  detail?: string;
  error?: ChatError;
}

/** The turn's status, detail and error actions from the engine's result; `provider` decides what fixes a refusal. */
export function outcomeOfRun(result: RunResult, secrets: readonly string[], provider: ChatModelInfo['provider'] = 'openai-compatible'): TurnOutcome {
  const detail = result.detail === undefined ? undefined : redactSecrets(result.detail, secrets);
  switch (result.reason) {
    case 'final':
      return { status: 'answered' };
    case 'cancelled':
      return { status: 'stopped', detail: userStoppedDetail };
    case 'error':
      return { status: 'failed', error: runError(result, detail ?? 'The run failed.', provider) };
    default:
      return { status: 'limited', detail: `Limit reached (${result.reason}): ${detail ?? 'the run stopped at a limit'}.` };
  }
}

function runError(result: RunResult, message: string, provider: ChatModelInfo['provider']): ChatError {
  // A VS Code language model needs no key: its refusal (NoPermissions) is fixed by allowing access and asking again.
  if (result.errorKind === 'auth' && provider === 'vscode-lm') return { message, actions: ['retry', 'configureModel'] };
  if (result.errorKind === 'auth') return { message, actions: ['setApiKey', 'configureModel'] };
  // Nothing answers at the URL: the message names it, and Configure Model is where it is fixed.
  if (result.errorKind === 'unreachable') return { message, actions: ['configureModel', 'retry', 'showLog'] };
  // Only a 429 or a server's own "rate limit" counts as rate-limiting.
  if (result.errorKind === 'unavailable' && /\b429\b|rate[ _-]limit/i.test(message)) {
    // The client says how long the endpoint asked to wait when it gave up: that is when a retry can work.
    const wait = /asks to wait (\d+) s more/.exec(message);
    return { message, actions: ['retry', 'configureModel'], ...(wait ? { retryAt: Date.now() + Number(wait[1]) * 1000 } : {}) };
  }
  if (result.errorKind === 'bad-request') return { message, actions: ['configureModel', 'retry', 'showLog'] };
  if (result.errorKind === 'unavailable') return { message, actions: ['retry', 'configureModel', 'showLog'] };
  return { message, actions: ['retry', 'showLog'] };
}

/** A failure before or around the run (no model, the sandbox could not start...). */
export function outcomeOfError(error: unknown, secrets: readonly string[]): TurnOutcome {
  if (error instanceof ModelNotConfiguredError) {
    return { status: 'failed', error: { message: redactSecrets(error.message, secrets), actions: [error.action] } };
  }
  const message = redactSecrets(error instanceof Error ? error.message : String(error), secrets);
  return { status: 'failed', error: { message, actions: ['retry', 'showLog'] } };
}

export const untrustedOutcome: TurnOutcome = {
  status: 'failed',
  error: { message: untrustedFolderMessage, actions: ['manageTrust'] },
};

export const noFolderOutcome: TurnOutcome = {
  status: 'failed',
  error: { message: 'Open a folder first: there is no workspace to explore.', actions: [] },
};
