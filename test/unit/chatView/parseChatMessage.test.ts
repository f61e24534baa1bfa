import { describe, expect, it } from 'vitest';
import { parseChatMessage } from '../../../src/vscode/chat/parseChatMessage';

describe('parseChatMessage', () => {
  it("accepts the header's error actions, which belong to no turn (empty turnId)", () => {
    expect(parseChatMessage({ type: 'errorAction', action: 'configureModel', turnId: '' })).toEqual({ type: 'errorAction', action: 'configureModel', turnId: '' });
    expect(parseChatMessage({ type: 'errorAction', action: 'manageTrust', turnId: '' })).toEqual({ type: 'errorAction', action: 'manageTrust', turnId: '' });
  });

  it('drops error actions with an unknown action or a turnId that is not a short string', () => {
    expect(parseChatMessage({ type: 'errorAction', action: 'runShell', turnId: 't' })).toBeUndefined();
    expect(parseChatMessage({ type: 'errorAction', action: 'retry' })).toBeUndefined();
    expect(parseChatMessage({ type: 'errorAction', action: 'retry', turnId: 7 })).toBeUndefined();
    expect(parseChatMessage({ type: 'errorAction', action: 'retry', turnId: 'x'.repeat(201) })).toBeUndefined();
  });

  it('drops copy requests that are not strings and stop requests without a turn', () => {
    expect(parseChatMessage({ type: 'copyText', text: 42 })).toBeUndefined();
    expect(parseChatMessage({ type: 'stop', turnId: '' })).toBeUndefined();
    expect(parseChatMessage({ type: 'revealRunNode', runId: 'r', nodeId: {} })).toBeUndefined();
  });
});
