/** What the search panel webview may send the host, as schemas: the protocol's types are inferred from them. */
import * as v from 'valibot';
import { parseMessage } from './parseMessage';
import type { WebviewToHost } from './searchPanelProtocol';

export const maxPatternLength = 1000;

const requestId = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const position = v.pipe(v.number(), v.safeInteger(), v.minValue(1));

export const searchQuerySchema = v.object({
  pattern: v.pipe(v.string(), v.nonEmpty(), v.maxLength(maxPatternLength)),
  caseSensitive: v.boolean(),
  /** Optional glob restricting the files searched. */
  glob: v.pipe(v.string(), v.maxLength(maxPatternLength)),
});

export const searchWebviewToHostSchema = v.variant('type', [
  v.object({ type: v.literal('ready') }),
  v.object({ type: v.literal('search'), requestId, query: searchQuerySchema }),
  v.object({ type: v.literal('cancelSearch'), requestId }),
  v.object({
    type: v.literal('openLocation'),
    file: v.pipe(v.string(), v.nonEmpty()),
    line: position,
    column: position,
  }),
]);

/** Checks a message from the search panel webview before the host acts on it; anything malformed is dropped. */
export function parseSearchMessage(raw: unknown): WebviewToHost | undefined {
  return parseMessage(searchWebviewToHostSchema, raw);
}
