import { describe, expect, it } from 'vitest';
import { lazyFileSymbols, untouchedRecords } from '../../../src/core/symbols/lazySymbols';
import type { FileRecords, RecordSummary } from '../../../src/core/symbols/lazySymbols';

const summary: RecordSummary = {
  definitionNames: ['f'],
  definitionTraits: [0],
  referenceNames: [],
  importModules: [],
  aliases: [],
  definitions: 1,
  references: 0,
  imports: 0,
};

describe('lazily decoded file records', () => {
  it('keeps the most recently used files decoded and lets the rest go back to their encoded form', () => {
    const decodes = new Map<string, number>();
    const decode = (raw: unknown): FileRecords => {
      const file = String(raw);
      decodes.set(file, (decodes.get(file) ?? 0) + 1);
      return {
        definitions: [
          {
            name: 'f',
            kind: 'function',
            qualifiedName: 'f',
            line: 1,
            column: 0,
            startLine: 1,
            endLine: 2,
            endColumn: 1,
            signature: 'f()',
          },
        ],
        references: [],
        imports: [],
      };
    };
    const files = Array.from({ length: 5500 }, (_, i) =>
      lazyFileSymbols({ file: `f${i}.c`, language: 'c', hasSyntaxErrors: false }, summary, `f${i}.c`, decode),
    );
    for (const symbols of files) expect(symbols.definitions[0].name).toBe('f');
    expect(decodes.get('f0.c')).toBe(1);
    // The newest stay decoded; the oldest were evicted and decode again, with the same records.
    expect(untouchedRecords(files[5499])).toBeUndefined();
    expect(untouchedRecords(files[0])).toBe('f0.c');
    expect(files[5499].definitions[0].name).toBe('f');
    expect(decodes.get('f5499.c')).toBe(1);
    expect(files[0].definitions[0].name).toBe('f');
    expect(decodes.get('f0.c')).toBe(2);
    // Reading a decoded file marks it recently used.
    for (let i = 0; i < 4999; i++) void files[5500 - 4999 + i].references;
    void files[0].imports;
    expect(decodes.get('f0.c')).toBe(2);
    expect(JSON.parse(JSON.stringify(files[0]))).toMatchObject({ file: 'f0.c', definitions: [{ name: 'f' }] });
  });
});
