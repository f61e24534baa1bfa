import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/core/engine/runEvents';
import { redactSecrets, redactStrings } from '../../../src/core/llm/redactSecrets';

const key = 'sk-live-abc123';
const base = { id: 'e1', runId: 'r1', depth: 0, at: 1 };

describe('redactSecrets', () => {
  it('replaces every occurrence of each secret and leaves very short ones alone', () => {
    expect(redactSecrets(`key ${key} and again ${key}`, [key])).toBe('key *** and again ***');
    expect(redactSecrets('a b c', ['b'])).toBe('a b c');
  });
});

describe('redactStrings', () => {
  it('redacts the key an endpoint echoed into an error event before it reaches the run log', () => {
    const event: RunEvent = { ...base, type: 'error', message: `401: Incorrect API key provided: ${key}` };
    const redacted = redactStrings(event, [key]);
    expect(JSON.stringify(redacted)).not.toContain(key);
    expect(redacted).toEqual({ ...base, type: 'error', message: '401: Incorrect API key provided: ***' });
    expect(event.message).toContain(key);
  });

  it('redacts nested strings and keeps numbers and undefined fields', () => {
    const event: RunEvent = {
      ...base,
      type: 'model-reply',
      iteration: 2,
      text: `echo ${key}`,
      usage: { inputTokens: 3, outputTokens: 4, estimated: false },
      costUsd: undefined,
      durationMs: 5,
    };
    expect(redactStrings(event, [key])).toEqual({ ...event, text: 'echo ***' });
  });

  it('returns the same event when there is no secret to redact', () => {
    const event: RunEvent = { ...base, type: 'error', message: 'boom' };
    expect(redactStrings(event, [])).toBe(event);
  });
});
