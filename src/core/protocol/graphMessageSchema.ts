/** What the dependency graph webview may send the host, as schemas: the protocol's types are inferred from them. */
import * as v from 'valibot';
import type { GraphDepth } from '../symbols/traceSubgraphTypes';
import { parseMessage } from './parseMessage';
import type { GraphWebviewToHost } from './traceGraphProtocol';

/** The SVG of a few hundred nodes is well under this; anything larger is not ours. */
export const maxSvgLength = 5_000_000;
const maxIdLength = 2000;
const maxMessageLength = 2000;

const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

/** Hops traced each way; the page offers 1 to 5. */
const graphDepthSchema = v.picklist([1, 2, 3, 4, 5] as const satisfies readonly GraphDepth[]);

export const graphWebviewToHostSchema = v.variant('type', [
  v.object({ type: v.literal('ready') }),
  /** The person picked another depth; the host traces again and sends `graph`. */
  v.object({ type: v.literal('setDepth'), depth: graphDepthSchema }),
  v.object({ type: v.literal('openNode'), id: v.pipe(v.string(), v.nonEmpty(), v.maxLength(maxIdLength)) }),
  /** The rendered SVG: the answer to `requestSvg` (with its id), or the page's own Export SVG button (no id). */
  v.object({
    type: v.literal('svg'),
    requestId: v.optional(count),
    svg: v.pipe(v.string(), v.maxLength(maxSvgLength), v.regex(/^<svg[\s>/]/), v.check(isInertSvg)),
  }),
  v.object({ type: v.literal('exportDot') }),
  /** The layout finished and the nodes are in the page (lets the host and tests know what is shown). */
  v.object({ type: v.literal('rendered'), nodes: count, edges: count }),
  v.object({
    type: v.literal('renderError'),
    message: v.pipe(
      v.string(),
      v.transform((message) => message.slice(0, maxMessageLength)),
    ),
  }),
]);

/** Checks a message from the graph webview before the host acts on it; anything malformed is dropped. */
export function parseGraphMessage(raw: unknown): GraphWebviewToHost | undefined {
  return parseMessage(graphWebviewToHostSchema, raw);
}

export function isGraphDepth(value: unknown): value is GraphDepth {
  return v.is(graphDepthSchema, value);
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
