/** What the run timeline webview may send the host, as a schema: the protocol's type is inferred from it. */
import * as v from 'valibot';
import { parseMessage } from './parseMessage';
import type { TimelineWebviewToHost } from './timelineProtocol';

const maxIdLength = 200;
const id = v.pipe(v.string(), v.nonEmpty(), v.maxLength(maxIdLength));

export const timelineWebviewToHostSchema = v.variant('type', [
  v.object({ type: v.literal('ready') }),
  /** A bar was clicked (or Enter pressed on it): select its node in the recursion tree. */
  v.object({ type: v.literal('selectBar'), runId: id, nodeId: id }),
]);

/** Checks a message from the timeline webview before the host acts on it; anything malformed is dropped. */
export function parseTimelineMessage(raw: unknown): TimelineWebviewToHost | undefined {
  return parseMessage(timelineWebviewToHostSchema, raw);
}
