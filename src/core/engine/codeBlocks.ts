/** The ```js / ```javascript blocks of a model reply, in order; other fences (```ts output samples, ```text) are ignored. */
export function extractCodeBlocks(text: string): string[] {
  const blocks: string[] = [];
  const fence = /```(?:js|javascript)[ \t]*\r?\n([\s\S]*?)```/g;
  for (let match = fence.exec(text); match; match = fence.exec(text)) {
    if (match[1].trim()) blocks.push(match[1]);
  }
  return blocks;
}
