import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fitToWindow } from '../../../src/core/engine/contextBudget';
import { planChunks, readLines, type LineRange } from '../../../src/core/sandbox/fileChunks';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';
import { FileTooLargeError } from '../../../src/core/workspace/errors/fileTooLargeError';

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

const numbered = (count: number, width = String(count).length): string[] =>
  Array.from({ length: count }, (_, i) => `${String(i + 1).padStart(width)}| const line${i + 1} = ${i + 1};`);

function covered(chunks: readonly LineRange[]): Set<number> {
  const seen = new Set<number>();
  for (const c of chunks) for (let l = c.startLine; l <= c.endLine; l++) seen.add(l);
  return seen;
}

describe('whole files for sub-calls', () => {
  it('reads every line past the per-read caps, numbered with one width', async () => {
    root = mkdtempSync(join(tmpdir(), 'chunks-'));
    writeFileSync(join(root, 'big.ts'), Array.from({ length: 1234 }, (_, i) => `line ${i + 1}`).join('\n'));
    const workspace = new NodeWorkspace({ roots: root, ripgrep: false, limits: { maxReadLines: 100 } });
    const whole = await readLines(workspace, 'big.ts');
    expect(whole.totalLines).toBe(1234);
    expect(whole.lines).toHaveLength(1234);
    expect(whole.lines[0]).toBe('   1| line 1');
    expect(whole.lines[1233]).toBe('1234| line 1234');
    const part = await readLines(workspace, 'big.ts', { startLine: 95, endLine: 310 });
    expect(part.lines[0]).toBe('  95| line 95');
    expect(part.lines.at(-1)).toBe(' 310| line 310');
    expect(part.lines).toHaveLength(216);
  });

  it('still refuses a file over the size limit with the workspace’s error', async () => {
    root = mkdtempSync(join(tmpdir(), 'chunks-'));
    writeFileSync(join(root, 'huge.txt'), 'x'.repeat(5000));
    const workspace = new NodeWorkspace({ roots: root, ripgrep: false, limits: { maxFileBytes: 4096 } });
    await expect(readLines(workspace, 'huge.txt')).rejects.toBeInstanceOf(FileTooLargeError);
  });

  it('without an index: chunks within the budget cover every line with a small overlap', () => {
    const lines = numbered(3000);
    const chunks = planChunks(lines, 2000);
    expect(chunks.length).toBeGreaterThan(3);
    expect(covered(chunks).size).toBe(3000);
    for (const [i, c] of chunks.entries()) {
      const cost = lines
        .slice(c.startLine - 1, c.endLine)
        .reduce((sum, l) => sum + Math.ceil(Buffer.byteLength(l) / 3) + 1, 0);
      expect(cost).toBeLessThanOrEqual(2000);
      if (i > 0) expect(c.startLine).toBeLessThanOrEqual(chunks[i - 1].endLine); // overlap
      if (i > 0) expect(c.startLine).toBeGreaterThan(chunks[i - 1].startLine);
    }
  });

  it('with definitions: cuts at a definition end, or restarts at the header of the one cut through', () => {
    const lines = numbered(600);
    const definitions: LineRange[] = [
      { startLine: 1, endLine: 150 },
      { startLine: 151, endLine: 190 },
      { startLine: 191, endLine: 600 }, // too long for one chunk
    ];
    const chunks = planChunks(lines, 2000, definitions);
    expect(covered(chunks).size).toBe(600);
    expect(chunks[0].endLine).toBe(190); // the last definition end that fits
    expect(chunks[1].startLine).toBe(191);
  });

  it('a single line longer than the budget is a chunk of its own', () => {
    const chunks = planChunks(['1| short', `2| ${'x'.repeat(10_000)}`, '3| short'], 100);
    expect(chunks).toEqual([
      { startLine: 1, endLine: 1 },
      { startLine: 2, endLine: 2 },
      { startLine: 3, endLine: 3 },
    ]);
  });
});

describe('fitToWindow', () => {
  const profile = { model: 'small', contextWindow: 2048, source: 'setting' as const };
  it('leaves a conversation that fits untouched', () => {
    const messages = [
      { role: 'system' as const, content: 'sys' },
      { role: 'user' as const, content: 'q' },
    ];
    const fitted = fitToWindow(messages, profile, 4096);
    expect(fitted.messages).toEqual(messages);
    expect(fitted.note).toBeUndefined();
    expect(fitted.maxTokens).toBe(512);
  });

  it('summarizes older outputs first, oldest first, and keeps the question and the latest output', () => {
    const output = (n: number): string => `Output of block 1:\nresult ${n} ${'r'.repeat(1500)}`;
    const messages = [
      { role: 'system' as const, content: 'sys' },
      { role: 'user' as const, content: 'Question: why?' },
      { role: 'assistant' as const, content: '```js\nprint(1)\n```' },
      { role: 'user' as const, content: output(1) },
      { role: 'assistant' as const, content: '```js\nprint(2)\n```' },
      { role: 'user' as const, content: output(2) },
      { role: 'assistant' as const, content: '```js\nprint(3)\n```' },
      { role: 'user' as const, content: output(3) },
    ];
    const fitted = fitToWindow(messages, profile, 4096);
    expect(fitted.messages[1].content).toBe('Question: why?');
    expect(fitted.messages[3].content).toMatch(
      /^\[Left out to fit the context window: an earlier output \(\d+ characters\), which began "result 1/,
    );
    expect(fitted.messages[7].content).toBe(output(3));
    expect(fitted.summarized).toBeGreaterThanOrEqual(1);
    expect(messages[3].content).toBe(output(1)); // the caller's list is not changed
  });

  it('cuts the latest message when nothing older is left to summarize', () => {
    const fitted = fitToWindow([{ role: 'user', content: `Summarize:\n${'word '.repeat(5000)}` }], profile, 4096);
    expect(fitted.cutChars).toBeGreaterThan(0);
    expect(fitted.messages[0].content.startsWith('Summarize:\nword')).toBe(true);
    expect(fitted.estimatedTokens).toBeLessThanOrEqual(2048 - 512);
  });
});
