import { describe, expect, it } from 'vitest';
import { maxPatternLength, parseSearchMessage } from '../../../src/core/protocol/searchMessageSchema';

describe('parseSearchMessage', () => {
  it("accepts the protocol's messages and keeps only their fields", () => {
    const query = { pattern: 'foo', caseSensitive: false, glob: '*.ts' };
    expect(parseSearchMessage({ type: 'ready' })).toEqual({ type: 'ready' });
    expect(parseSearchMessage({ type: 'search', requestId: 0, query: { ...query, extra: 1 } })).toEqual({
      type: 'search',
      requestId: 0,
      query,
    });
    expect(parseSearchMessage({ type: 'cancelSearch', requestId: 3 })).toEqual({ type: 'cancelSearch', requestId: 3 });
    expect(parseSearchMessage({ type: 'openLocation', file: 'src/a.ts', line: 2, column: 1, extra: 'x' })).toEqual({
      type: 'openLocation',
      file: 'src/a.ts',
      line: 2,
      column: 1,
    });
  });

  it('drops oversized patterns and globs and every wrong shape', () => {
    const query = { pattern: 'foo', caseSensitive: false, glob: '' };
    for (const bad of [
      null,
      'ready',
      42,
      [],
      {},
      { type: 'deleteEverything' },
      { type: 'search', requestId: 1, query: { ...query, pattern: 'x'.repeat(maxPatternLength + 1) } },
      { type: 'search', requestId: 1, query: { ...query, glob: '*'.repeat(maxPatternLength + 1) } },
      { type: 'search', requestId: 1, query: { ...query, pattern: '' } },
      { type: 'search', requestId: 1, query: { ...query, caseSensitive: 'yes' } },
      { type: 'search', requestId: 1, query: 'foo' },
      { type: 'search', requestId: -1, query },
      { type: 'search', requestId: 1.5, query },
      { type: 'cancelSearch' },
      { type: 'cancelSearch', requestId: '1' },
      { type: 'openLocation', file: '', line: 1, column: 1 },
      { type: 'openLocation', file: 'a', line: 0, column: 1 },
      { type: 'openLocation', file: 'a', line: 1, column: Number.MAX_SAFE_INTEGER + 2 },
    ]) {
      expect(parseSearchMessage(bad), JSON.stringify(bad)?.slice(0, 80)).toBeUndefined();
    }
  });
});
