import { describe, expect, it } from 'vitest';
import { engineQuestion } from '../../../src/vscode/chat/engineQuestion';
import {
  maxContextLabelLength,
  maxContextLength,
  maxQuestionLength,
  parseChatContext,
  parseChatMessage,
} from '../../../src/core/protocol/chatMessageSchema';

describe('parseChatMessage', () => {
  it("accepts the header's error actions, which belong to no turn (empty turnId)", () => {
    expect(parseChatMessage({ type: 'errorAction', action: 'configureModel', turnId: '' })).toEqual({
      type: 'errorAction',
      action: 'configureModel',
      turnId: '',
    });
    expect(parseChatMessage({ type: 'errorAction', action: 'manageTrust', turnId: '' })).toEqual({
      type: 'errorAction',
      action: 'manageTrust',
      turnId: '',
    });
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

  it('trims questions and drops oversized fields and wrong shapes', () => {
    expect(parseChatMessage({ type: 'ask', question: '  Where?  ', extra: 1 })).toEqual({
      type: 'ask',
      question: 'Where?',
    });
    expect(parseChatMessage({ type: 'openCitation', file: 'src/a.ts', startLine: 2, endLine: 2 })).toEqual({
      type: 'openCitation',
      file: 'src/a.ts',
      startLine: 2,
      endLine: 2,
    });
    for (const bad of [
      null,
      'ready',
      42,
      [],
      {},
      { type: 'runShell' },
      { type: 'ask', question: 'x'.repeat(maxQuestionLength + 1) },
      { type: 'ask', question: ' \n ' },
      { type: 'ask', question: ['Where?'] },
      { type: 'copyText', text: 'x'.repeat(1_000_001) },
      { type: 'openCitation', file: 'x'.repeat(1_001), startLine: 1, endLine: 1 },
      { type: 'openCitation', file: 'a', startLine: 3, endLine: 2 },
      { type: 'openCitation', file: 'a', startLine: 0, endLine: 2 },
      { type: 'openCitation', file: 'a', startLine: 1.5, endLine: 2 },
      { type: 'stop', turnId: 'x'.repeat(201) },
      { type: 'revealRunNode', runId: 'x'.repeat(201), nodeId: 'n' },
    ]) {
      expect(parseChatMessage(bad), JSON.stringify(bad)?.slice(0, 80)).toBeUndefined();
    }
  });
});

describe('attached context (Explain with RLM)', () => {
  it('accepts a bounded { label, text } and nothing else', () => {
    expect(parseChatContext({ label: ' Trace of f ', text: 'Callers: none found.' })).toEqual({
      label: 'Trace of f',
      text: 'Callers: none found.',
    });
    expect(parseChatContext({ label: 'x', text: 'y'.repeat(maxContextLength + 1) })).toBeUndefined();
    expect(parseChatContext({ label: 'x'.repeat(maxContextLabelLength + 1), text: 'y' })).toBeUndefined();
    expect(parseChatContext({ label: '', text: 'y' })).toBeUndefined();
    expect(parseChatContext({ label: 'x', text: 42 })).toBeUndefined();
    expect(parseChatContext('label')).toBeUndefined();
    expect(parseChatContext(null)).toBeUndefined();
  });

  it('sends the engine the question followed by the whole context', () => {
    expect(engineQuestion({ question: 'Why?' })).toBe('Why?');
    expect(engineQuestion({ question: 'Explain f', context: { label: 'Trace of f', text: 'Callers (1):\n- g' } })).toBe(
      'Explain f\n\nTrace of f:\nCallers (1):\n- g',
    );
  });
});
