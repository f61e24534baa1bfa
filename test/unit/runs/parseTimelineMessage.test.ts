import { describe, expect, it } from 'vitest';
import { parseTimelineMessage } from '../../../src/core/protocol/timelineMessageSchema';

describe('parseTimelineMessage', () => {
  it('accepts the ready handshake and a bar selection', () => {
    expect(parseTimelineMessage({ type: 'ready' })).toEqual({ type: 'ready' });
    expect(parseTimelineMessage({ type: 'selectBar', runId: 'ab12', nodeId: 'ab12:s9', extra: 1 })).toEqual({
      type: 'selectBar',
      runId: 'ab12',
      nodeId: 'ab12:s9',
    });
  });

  it('drops anything malformed', () => {
    for (const raw of [
      null,
      'ready',
      42,
      {},
      { type: 'selectBar', runId: 'a' },
      { type: 'selectBar', runId: '', nodeId: 'n' },
      { type: 'selectBar', runId: 'a', nodeId: 'x'.repeat(201) },
      { type: 'selectBar', runId: 1, nodeId: 'n' },
      { type: 'deleteEverything' },
    ]) {
      expect(parseTimelineMessage(raw)).toBeUndefined();
    }
  });
});
