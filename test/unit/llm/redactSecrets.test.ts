import { describe, expect, it } from 'vitest';
import { mapStrings, secretRedactor } from '../../../src/core/llm/redactSecrets';
import { stripTerminalControls } from '../../../src/cli/ask/terminalText';

const key = 'sk-proj-Abc123Def456Ghi789';

describe('secretRedactor', () => {
  const redact = secretRedactor([key]);

  it('removes the whole key, raw and JSON-escaped, wherever it appears', () => {
    expect(redact(`a ${key} b ${key}`)).toBe('a *** b ***');
    const quoted = secretRedactor(['sk-with"quote-12345']);
    expect(quoted(JSON.stringify({ detail: 'key sk-with"quote-12345' }))).toBe('{"detail":"key ***"}');
  });

  it('removes a key cut off at any length of 8 characters or more, as a truncated message leaves it', () => {
    for (let length = 8; length < key.length; length++) {
      const cut = `Incorrect API key provided: ${key.slice(0, length)}…`;
      expect(redact(cut), `prefix of ${length}`).toBe('Incorrect API key provided: ***…');
      expect(redact(`(HTTP 401: ${key.slice(0, length)}). Check the key`)).toBe('(HTTP 401: ***). Check the key');
    }
  });

  it('keeps ordinary text and short placeholders alone', () => {
    expect(redact('sk-proj- is how project keys start')).toBe('*** is how project keys start');
    expect(redact('sk-pro and nothing else')).toBe('sk-pro and nothing else');
    expect(secretRedactor(['abc'])('abc abc')).toBe('abc abc');
    expect(secretRedactor([])('text')).toBe('text');
  });

  it('maps every string of a nested value', () => {
    expect(mapStrings({ a: [key, 1, { b: `x${key}` }], c: null }, redact)).toEqual({
      a: ['***', 1, { b: 'x***' }],
      c: null,
    });
  });
});

describe('stripTerminalControls', () => {
  it('removes CSI, OSC, DCS and 8-bit sequences and lone controls, keeping tabs and newlines', () => {
    const text =
      'a\u001b]0;pwned\u0007b\u001b[2Jc\u001b[31mred\u001b[0m \u009b1;2H\u001bP1$q\u001b\\\u009d8;;http://x\u009cd\r\u0008\te\nf\u0085\u007f';
    expect(stripTerminalControls(text)).toBe('abcred d\te\nf');
  });

  it('stays linear on long runs of unterminated introducers', () => {
    const hostile = '\u009d'.repeat(200_000) + '\u001b]'.repeat(100_000);
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    expect(stripTerminalControls(hostile)).not.toMatch(/[\u001b\u009d]/);
  });
});
