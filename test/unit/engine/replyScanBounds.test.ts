// Replies are untrusted text read on the editor's thread: tags and fences that never close, thousands of them, must
// not make every one scan the rest of the reply (a 200 KB reply of `<think>` or ```` ```js ```` lines took 1.4-16 s).
import { describe, expect, it } from 'vitest';
import { pairedBlocks, parseModelReply } from '../../../src/core/engine/modelReply';

const blocks = (text: string, ignoreCase = false): string[] =>
  [...pairedBlocks(text, /<(a|b)>/g, (opened) => `</${opened[1]}>`, ignoreCase)].map((block) =>
    text.slice(block.inner, block.innerEnd),
  );

describe('paired tags in a reply', () => {
  it('pairs each opening with the first closing after it, skipping openings never closed', () => {
    expect(blocks('<a>1</a> <b>2</b> <a>3</a>')).toEqual(['1', '2', '3']);
    expect(blocks('<a>x <b>y</b> <a>z</a>')).toEqual(['x <b>y</b> <a>z']);
    expect(blocks('<b>never closed <a>1</a>')).toEqual(['1']);
    expect(blocks('<a>1</a> <a>2')).toEqual(['1']);
    expect(blocks('<A>1</a>', false)).toEqual([]);
    expect(blocks('<a>1</A>', true)).toEqual(['1']);
  });

  it('reads replies of thousands of unclosed or nested tags and fences whole', () => {
    const unclosedThinking = `${'<think>'.repeat(30_000)}\n\`\`\`js\nFINAL("x")\n\`\`\``;
    expect(parseModelReply(unclosedThinking).cells).toEqual([]);
    const fenceLines = '```js\n'.repeat(30_000);
    expect(parseModelReply(fenceLines).final).toBeUndefined();
    const codeTags = `${'<code>'.repeat(30_000)}<execute>print(1)</execute>`;
    expect(parseModelReply(codeTags).cells).toEqual(['print(1)']);
    const thinking = `${'<think>plan</think>'.repeat(10_000)}\n\`\`\`js\nprint(2)\n\`\`\``;
    expect(parseModelReply(thinking).cells).toEqual(['print(2)\n']);
  });
});
