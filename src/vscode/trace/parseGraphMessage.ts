import type { GraphDepth, GraphWebviewToHost } from '../../core/protocol/traceGraphProtocol';

/** The SVG of a few hundred nodes is well under this; anything larger is not ours. */
export const maxSvgLength = 5_000_000;
const maxIdLength = 2000;
const maxMessageLength = 2000;

/** Checks a message from the graph webview before the host acts on it; anything malformed is dropped. */
export function parseGraphMessage(raw: unknown): GraphWebviewToHost | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const message = raw as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
      return { type: 'ready' };
    case 'exportDot':
      return { type: 'exportDot' };
    case 'setDepth':
      return isGraphDepth(message.depth) ? { type: 'setDepth', depth: message.depth } : undefined;
    case 'openNode':
      return typeof message.id === 'string' && message.id.length > 0 && message.id.length <= maxIdLength ? { type: 'openNode', id: message.id } : undefined;
    case 'svg': {
      const { svg, requestId } = message;
      if (typeof svg !== 'string' || svg.length > maxSvgLength || !/^<svg[\s>/]/.test(svg) || !isInertSvg(svg)) return undefined;
      if (requestId === undefined) return { type: 'svg', svg };
      return isInteger(requestId) && requestId >= 0 ? { type: 'svg', requestId, svg } : undefined;
    }
    case 'rendered':
      return isInteger(message.nodes) && isInteger(message.edges) && message.nodes >= 0 && message.edges >= 0
        ? { type: 'rendered', nodes: message.nodes, edges: message.edges }
        : undefined;
    case 'renderError':
      return typeof message.message === 'string' ? { type: 'renderError', message: message.message.slice(0, maxMessageLength) } : undefined;
    default:
      return undefined;
  }
}

/**
 * The page's SVG is serialized from its own DOM, where labels are text; markup that could run script when the saved
 * file is opened (a script or foreign HTML, an event attribute, a link out, a DOCTYPE with entities) is not ours.
 */
export function isInertSvg(svg: string): boolean {
  if (/<\s*(script|foreignObject|iframe|object|embed|a|image|use)\b|<!|javascript:/i.test(svg)) return false;
  // Attribute names only: XMLSerializer escapes '<' and '>' in text and values, so a match cannot start in a label.
  return !/<[^>]*\s(on[a-z]+|(xlink:)?href)\s*=/i.test(svg);
}

function isInteger(value: unknown): value is number {
  return Number.isSafeInteger(value);
}

export function isGraphDepth(value: unknown): value is GraphDepth {
  return value === 1 || value === 2 || value === 3 || value === 4 || value === 5;
}
