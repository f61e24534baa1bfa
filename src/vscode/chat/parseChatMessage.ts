import type { ChatContext, ChatErrorAction, ChatWebviewToHost } from '../../core/protocol/chatProtocol';

export const maxQuestionLength = 8_000;
/** Attached context (Explain with RLM's trace lists at most 25 rows a section): generous, but bounded. */
export const maxContextLength = 40_000;
export const maxContextLabelLength = 300;
const maxPathLength = 1_000;
const maxCopyLength = 1_000_000;
const maxIdLength = 200;
const errorActions: ReadonlySet<string> = new Set<ChatErrorAction>(['configureModel', 'setApiKey', 'retry', 'manageTrust', 'openSettings', 'showLog']);

/** Checks a message from the chat webview before the host acts on it; anything malformed is dropped. */
export function parseChatMessage(raw: unknown): ChatWebviewToHost | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const message = raw as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
      return { type: 'ready' };
    case 'newConversation':
      return { type: 'newConversation' };
    case 'ask': {
      const question = typeof message.question === 'string' ? message.question.trim() : '';
      return question.length > 0 && question.length <= maxQuestionLength ? { type: 'ask', question } : undefined;
    }
    case 'stop':
      return isId(message.turnId) ? { type: 'stop', turnId: message.turnId } : undefined;
    case 'openCitation': {
      const { file, startLine, endLine } = message;
      if (typeof file !== 'string' || file.length === 0 || file.length > maxPathLength) return undefined;
      if (!isPositiveInteger(startLine) || !isPositiveInteger(endLine) || endLine < startLine) return undefined;
      return { type: 'openCitation', file, startLine, endLine };
    }
    case 'errorAction': {
      const { action, turnId } = message;
      // The header's buttons (Configure, Trust folder) belong to no turn: they send an empty turnId.
      if (typeof action !== 'string' || !errorActions.has(action) || typeof turnId !== 'string' || turnId.length > maxIdLength) return undefined;
      return { type: 'errorAction', action: action as ChatErrorAction, turnId };
    }
    case 'rateLimitAnswer': {
      const { turnId, askId, decision } = message;
      if (!isId(turnId) || !isId(askId) || (decision !== 'wait' && decision !== 'stop')) return undefined;
      return { type: 'rateLimitAnswer', turnId, askId, decision };
    }
    case 'copyText':
      return typeof message.text === 'string' && message.text.length <= maxCopyLength ? { type: 'copyText', text: message.text } : undefined;
    case 'revealRunNode':
      return isId(message.runId) && isId(message.nodeId) ? { type: 'revealRunNode', runId: message.runId, nodeId: message.nodeId } : undefined;
    default:
      return undefined;
  }
}

/** A `{ label, text }` context within bounds, else undefined (also for anything that is not one). */
export function parseChatContext(raw: unknown): ChatContext | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { label, text } = raw as Record<string, unknown>;
  if (typeof label !== 'string' || typeof text !== 'string') return undefined;
  if (!label.trim() || label.length > maxContextLabelLength || !text.trim() || text.length > maxContextLength) return undefined;
  return { label: label.trim(), text };
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= maxIdLength;
}

function isPositiveInteger(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 1;
}
