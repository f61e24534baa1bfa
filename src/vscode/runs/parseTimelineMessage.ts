import type { TimelineWebviewToHost } from '../../core/protocol/timelineProtocol';

const maxIdLength = 200;

/** Checks a message from the timeline webview before the host acts on it; anything malformed is dropped. */
export function parseTimelineMessage(raw: unknown): TimelineWebviewToHost | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const message = raw as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
      return { type: 'ready' };
    case 'selectBar':
      return isId(message.runId) && isId(message.nodeId) ? { type: 'selectBar', runId: message.runId, nodeId: message.nodeId } : undefined;
    default:
      return undefined;
  }
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= maxIdLength;
}
