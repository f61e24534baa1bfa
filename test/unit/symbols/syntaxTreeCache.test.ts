import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GrammarLoader } from '../../../src/core/symbols/grammarLoader';
import { languageForPath } from '../../../src/core/symbols/languages';
import { extractSymbols } from '../../../src/core/symbols/symbolExtractor';
import { SyntaxTreeCache, textEdit } from '../../../src/core/symbols/syntaxTreeCache';

const fixtures = path.join(__dirname, '../../fixtures/symbols/langs');
const loader = new GrammarLoader();

/** A small seeded generator, so a failure names edits that can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

/** An edit an editor could make: insert, delete or replace a span, sometimes with lines and non-ASCII text. */
function edited(text: string, next: () => number): string {
  const pieces = [
    '\n',
    'x',
    ' foo(bar);\n',
    '\nfunction added() { return 1; }\n',
    'ü',
    '😀',
    '"',
    '{',
    '}\n',
    '/* c */',
  ];
  const start = Math.floor(next() * (text.length + 1));
  const end = Math.min(text.length, start + Math.floor(next() * 40));
  const insert = next() < 0.3 ? '' : pieces[Math.floor(next() * pieces.length)];
  return text.slice(0, start) + insert + text.slice(next() < 0.5 ? start : end);
}

describe('syntax tree cache', () => {
  it('describes the change between two texts as one edit, in UTF-16 code units with rows and columns', () => {
    expect(textEdit('abc\ndef', 'abc\ndXef')).toMatchObject({
      startIndex: 5,
      oldEndIndex: 5,
      newEndIndex: 6,
      startPosition: { row: 1, column: 1 },
      oldEndPosition: { row: 1, column: 1 },
      newEndPosition: { row: 1, column: 2 },
    });
    expect(textEdit('a😀\nb', 'a😀\n\nb')).toMatchObject({
      startIndex: 4,
      oldEndIndex: 4,
      newEndIndex: 5,
      startPosition: { row: 1, column: 0 },
      newEndPosition: { row: 2, column: 0 },
    });
    expect(textEdit('same', 'same')).toMatchObject({ startIndex: 4, oldEndIndex: 4, newEndIndex: 4 });
    // Deleting a repeated run: the common suffix may not overlap the common prefix.
    expect(textEdit('aaaa', 'aa')).toMatchObject({ startIndex: 2, oldEndIndex: 4, newEndIndex: 2 });
  });

  it('gives the same symbols as a fresh parse after every edit, in every language', async () => {
    const files = fs.readdirSync(fixtures).filter((f) => languageForPath(f) !== undefined);
    expect(files.length).toBeGreaterThan(8);
    const next = random(7);
    // Two trees for more files than that: files are evicted and parsed fresh again along the way.
    const trees = new SyntaxTreeCache(2);
    const texts = new Map(files.map((f) => [f, fs.readFileSync(path.join(fixtures, f), 'utf8')]));
    // Each file edited several times in a row (re-parsed from its last tree), then all once more (parsed afresh).
    const visits = [...files.flatMap((file) => Array<string>(6).fill(file)), ...files];
    for (const [visit, file] of visits.entries()) {
      const grammar = await loader.load(languageForPath(file) ?? 'typescript');
      const text = edited(texts.get(file) as string, next);
      texts.set(file, text);
      const incremental = extractSymbols(grammar, file, text, trees);
      const fresh = extractSymbols(grammar, file, text);
      expect(incremental, `${file}, visit ${visit}`).toEqual(fresh);
    }
  });
});
