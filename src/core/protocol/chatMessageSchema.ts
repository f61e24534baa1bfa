/** What the chat webview may send the host, as schemas: the protocol's types are inferred from them. */
import * as v from 'valibot';
import type { ChatContext, ChatWebviewToHost } from './chatProtocol';
import { parseMessage } from './parseMessage';

export const maxQuestionLength = 8_000;
/** Attached context (Explain with RLM's trace lists at most 25 rows a section): generous, but bounded. */
export const maxContextLength = 40_000;
export const maxContextLabelLength = 300;
const maxPathLength = 1_000;
const maxCopyLength = 1_000_000;
const maxIdLength = 200;

const id = v.pipe(v.string(), v.nonEmpty(), v.maxLength(maxIdLength));
const lineNumber = v.pipe(v.number(), v.safeInteger(), v.minValue(1));

/** What the user can do about an error, each a button in place. */
export const chatErrorActionSchema = v.picklist([
  'configureModel',
  'setApiKey',
  'retry',
  'manageTrust',
  'openSettings',
  'showLog',
]);

export const chatContextSchema = v.object({
  /** One line: "Dependency trace of mergeMap: 12 callers, 33 callees, 8 imports". */
  label: v.pipe(v.string(), v.maxLength(maxContextLabelLength), v.trim(), v.nonEmpty()),
  text: v.pipe(
    v.string(),
    v.maxLength(maxContextLength),
    v.check((text) => text.trim().length > 0),
  ),
});

export const chatWebviewToHostSchema = v.pipe(
  v.variant('type', [
    v.object({ type: v.literal('ready') }),
    v.object({
      type: v.literal('ask'),
      question: v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(maxQuestionLength)),
    }),
    v.object({ type: v.literal('stop'), turnId: id }),
    /** A `path:line` or `path:start-end` citation in an answer was clicked. */
    v.object({
      type: v.literal('openCitation'),
      file: v.pipe(v.string(), v.nonEmpty(), v.maxLength(maxPathLength)),
      startLine: lineNumber,
      endLine: lineNumber,
    }),
    // The header's buttons (Configure, Trust folder) belong to no turn: they send an empty turnId.
    v.object({
      type: v.literal('errorAction'),
      action: chatErrorActionSchema,
      turnId: v.pipe(v.string(), v.maxLength(maxIdLength)),
    }),
    /** The answer to a rate limit's "Wait N s" / "Stop". */
    v.object({ type: v.literal('rateLimitAnswer'), turnId: id, askId: id, decision: v.picklist(['wait', 'stop']) }),
    v.object({ type: v.literal('copyText'), text: v.pipe(v.string(), v.maxLength(maxCopyLength)) }),
    /** Forget the conversation and the REPL session behind it. */
    v.object({ type: v.literal('newConversation') }),
    /** A timeline bar was clicked: select its node in the recursion tree. */
    v.object({ type: v.literal('revealRunNode'), runId: id, nodeId: id }),
  ]),
  v.check((message) => message.type !== 'openCitation' || message.endLine >= message.startLine),
);

/** Checks a message from the chat webview before the host acts on it; anything malformed is dropped. */
export function parseChatMessage(raw: unknown): ChatWebviewToHost | undefined {
  return parseMessage(chatWebviewToHostSchema, raw);
}

/** A `{ label, text }` context within bounds, else undefined (also for anything that is not one). */
export function parseChatContext(raw: unknown): ChatContext | undefined {
  return parseMessage(chatContextSchema, raw);
}
