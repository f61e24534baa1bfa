import { describe, expect, it } from 'vitest';
import { matchKey, matchScore, mayMatch, requiredPiece } from '../../../src/core/symbols/symbolSearch';

const names = [
  'getSymbolName',
  'GetSymbolName',
  'get_symbol_name',
  '__get_symbol_name',
  'SYSCALL_DEFINE3',
  'do_sys_open',
  'kmalloc',
  'kmalloc_array',
  'HTTPServer',
  'parseHTTPRequest',
  'x',
  'X',
  'ÖffneDatei',
  'Kelvin',
  'spin_lock_irqsave',
  'URLParser',
];
const queries = [
  'gSN',
  'getSN',
  'GSN',
  'getSymbolName',
  'get_symbol',
  'symbol',
  'SYSCALL',
  'do_sys',
  'dso',
  'kmalloc',
  'km',
  'HTTP',
  'HS',
  'pHR',
  'x',
  'öffne',
  'K',
  'lock',
  'irq',
  'URL',
  'UP',
  'zzz',
  '$get',
  'get-symbol',
];

describe('mayMatch', () => {
  it('never rules out a name matchScore would match', () => {
    for (const query of queries) {
      const key = matchKey(query);
      for (const name of names)
        if (matchScore(query, name) > 0) expect(mayMatch(key, name), `${query} ~ ${name}`).toBe(true);
    }
  });

  it('rules out names that lack the query letters in order', () => {
    expect(mayMatch(matchKey('dso'), 'kmalloc')).toBe(false);
    expect(mayMatch(matchKey('zzz'), 'get_symbol_name')).toBe(false);
    expect(mayMatch(matchKey('gSN'), 'nameOfSymbolGet')).toBe(false);
  });
});

describe('requiredPiece', () => {
  it('is held by the lower case of every ASCII name matchScore would match', () => {
    let matched = 0;
    for (const query of queries) {
      const piece = requiredPiece(query);
      for (const name of names) {
        if (matchScore(query, name) === 0 || /[\u0080-\uffff]/.test(name)) continue;
        matched++;
        expect(name.toLowerCase().includes(piece), `${query} ~ ${name} needs "${piece}"`).toBe(true);
      }
    }
    expect(matched).toBeGreaterThan(30);
  });

  it('is the longest camel-hump piece, lower-cased, without leading underscores', () => {
    expect(requiredPiece('getSymbolName')).toBe('symbol');
    expect(requiredPiece('do__sys_open')).toBe('open');
    expect(requiredPiece('__kmalloc_node')).toBe('kmalloc');
    expect(requiredPiece('GSN')).toBe('g');
    expect(requiredPiece('$-+')).toBe('');
  });
});
