import type { WebviewToHost } from '../../core/protocol/searchPanelProtocol';

const maxPatternLength = 1000;

/** Checks a message from the webview before the host acts on it; anything malformed is dropped. */
export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const message = raw as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
      return { type: 'ready' };
    case 'search': {
      const query = message.query as Record<string, unknown> | undefined;
      if (!isRequestId(message.requestId) || typeof query !== 'object' || query === null) return undefined;
      const { pattern, caseSensitive, glob } = query;
      if (typeof pattern !== 'string' || pattern.length === 0 || pattern.length > maxPatternLength) return undefined;
      if (typeof caseSensitive !== 'boolean' || typeof glob !== 'string' || glob.length > maxPatternLength) return undefined;
      return { type: 'search', requestId: message.requestId, query: { pattern, caseSensitive, glob } };
    }
    case 'cancelSearch':
      return isRequestId(message.requestId) ? { type: 'cancelSearch', requestId: message.requestId } : undefined;
    case 'openLocation': {
      const { file, line, column } = message;
      if (typeof file !== 'string' || file.length === 0 || !isPositiveInteger(line) || !isPositiveInteger(column)) {
        return undefined;
      }
      return { type: 'openLocation', file, line, column };
    }
    default:
      return undefined;
  }
}

function isRequestId(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isPositiveInteger(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 1;
}
