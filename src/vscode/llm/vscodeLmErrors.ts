import * as vscode from 'vscode';
import { LlmAbortedError, LlmContextLengthError, LlmError } from '../../core/llm/llmErrors';
import type { LlmErrorKind } from '../../core/llm/llmErrors';
import type { ChatErrorAction } from '../../core/protocol/chatProtocol';

/** A VS Code language model refused or failed a request; `action` is the button that may fix it. */
class VscodeLmRequestError extends LlmError {
  readonly kind: LlmErrorKind;
  readonly action: ChatErrorAction;
  /** LanguageModelError.code: NoPermissions, Blocked, NotFound, Unknown... */
  readonly code: string;

  constructor(
    kind: LlmErrorKind,
    action: ChatErrorAction,
    code: string,
    message: string,
    model: string,
    cause: unknown,
  ) {
    super(message, model, undefined, { cause });
    this.kind = kind;
    this.action = action;
    this.code = code;
  }
}

/** Name and code of a LanguageModelError, also when it comes from another module copy. */
function languageModelErrorCode(error: unknown): string | undefined {
  if (error instanceof vscode.LanguageModelError) return error.code;
  if (error instanceof Error && error.name === 'LanguageModelError')
    return (error as { code?: unknown }).code?.toString();
  return undefined;
}

const contextLengthPattern = /(context|token|prompt).{0,40}(exceed|too (long|large|many)|limit)/i;

/** Turns whatever `sendRequest` or its stream threw into one of the core's typed errors, with what to do. */
export function toLlmError(error: unknown, model: string, signal?: AbortSignal): LlmError {
  if (error instanceof LlmError) return error;
  if (signal?.aborted || error instanceof vscode.CancellationError) return new LlmAbortedError(model);
  const detail = error instanceof Error ? error.message : String(error);
  const code = languageModelErrorCode(error);
  if (code === 'NoPermissions') {
    return new VscodeLmRequestError(
      'auth',
      'configureModel',
      code,
      `VS Code has not allowed RLM Explorer to use the language model "${model}" (${detail}). ` +
        'Ask again and allow access when VS Code asks (Accounts menu > Manage Language Model Access), or pick another model with RLM: Configure Model.',
      model,
      error,
    );
  }
  if (code === 'Blocked') {
    return new VscodeLmRequestError(
      'unavailable',
      'retry',
      code,
      `The language model "${model}" refused the request: RLM Explorer is blocked or over its quota for now (${detail}). ` +
        'Wait a while and try again, or pick another model with RLM: Configure Model.',
      model,
      error,
    );
  }
  if (code === 'NotFound') {
    return new VscodeLmRequestError(
      'bad-request',
      'configureModel',
      code,
      `The language model "${model}" is no longer available (${detail}). Pick another model with RLM: Configure Model.`,
      model,
      error,
    );
  }
  if (contextLengthPattern.test(detail)) return new LlmContextLengthError(model, undefined, detail);
  return new VscodeLmRequestError(
    'unavailable',
    'retry',
    code ?? 'Unknown',
    `The language model "${model}" failed (${detail}). Try again; if it keeps failing, pick another model with RLM: Configure Model.`,
    model,
    error,
  );
}
