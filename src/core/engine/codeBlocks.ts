/** The ```js / ```javascript blocks of a model reply, in order; other fences (```ts output samples, ```text) are ignored. */
export function extractCodeBlocks(text: string): string[] {
  const blocks: string[] = [];
  const fence = /```(?:js|javascript)[ \t]*\r?\n([\s\S]*?)```/g;
  for (let match = fence.exec(text); match; match = fence.exec(text)) {
    if (match[1].trim()) blocks.push(match[1]);
  }
  return blocks;
}

/**
 * The answer of a reply that is `FINAL(answer)` as plain text, outside any code block (the form that streams to
 * the user as it is written); undefined for any other reply.
 */
export function extractFinalReply(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('FINAL(') || !trimmed.endsWith(')')) return undefined;
  return trimmed.slice('FINAL('.length, -1).trim();
}
