import { outcomeOf, type QuestionOutcome } from '../../core/engine/questionService';
import type { RunResult } from '../../core/engine/rlmEngine';
import type { LlmErrorKind } from '../../core/llm/llmErrors';
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
export function outcomeOfRun(
  result: RunResult,
  secrets: readonly string[],
  provider: ChatModelInfo['provider'] = 'openai-compatible',
): TurnOutcome {
  const detail = result.detail === undefined ? undefined : redactSecrets(result.detail, secrets);
  return turnOutcomeOf(outcomeOf({ ...result, ...(detail !== undefined ? { detail } : {}) }), provider);
}

/** A question's shared outcome in the panel's terms (status, the status line, the buttons that may fix a failure). */
export function turnOutcomeOf(
  outcome: QuestionOutcome,
  provider: ChatModelInfo['provider'] = 'openai-compatible',
): TurnOutcome {
  switch (outcome.kind) {
    case 'answered':
      return { status: 'answered' };
    case 'stopped':
      return { status: 'stopped', detail: userStoppedDetail };
    case 'limit':
      return { status: 'limited', detail: `Limit reached (${outcome.limit}): ${outcome.detail}.` };
    case 'error':
      // Thrown before the run (no model set up, the sandbox did not start): the error itself says what fixes it.
      if (outcome.error !== undefined)
        return {
          status: 'failed',
          error: {
            message: outcome.message,
            actions: outcomeOfError(outcome.error, []).error?.actions ?? ['retry', 'showLog'],
          },
        };
      return { status: 'failed', error: runError(outcome.errorKind, outcome.message, provider) };
  }
}

function runError(
  errorKind: LlmErrorKind | undefined,
  message: string,
  provider: ChatModelInfo['provider'],
): ChatError {
  // A VS Code language model needs no key: its refusal (NoPermissions) is fixed by allowing access and asking again.
  if (errorKind === 'auth' && provider === 'vscode-lm') return { message, actions: ['retry', 'configureModel'] };
  if (errorKind === 'auth') return { message, actions: ['setApiKey', 'configureModel'] };
  // Nothing answers at the URL: the message names it, and Configure Model is where it is fixed.
  if (errorKind === 'unreachable') return { message, actions: ['configureModel', 'retry', 'showLog'] };
  // Only a 429 or a server's own "rate limit" counts as rate-limiting.
  if (errorKind === 'unavailable' && /\b429\b|rate[ _-]limit/i.test(message)) {
    // The client says how long the endpoint asked to wait when it gave up: that is when a retry can work.
    const wait = /asks to wait (\d+) s more/.exec(message);
    return {
      message,
      actions: ['retry', 'configureModel'],
      ...(wait ? { retryAt: Date.now() + Number(wait[1]) * 1000 } : {}),
    };
  }
  if (errorKind === 'bad-request') return { message, actions: ['configureModel', 'retry', 'showLog'] };
  if (errorKind === 'unavailable') return { message, actions: ['retry', 'configureModel', 'showLog'] };
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
