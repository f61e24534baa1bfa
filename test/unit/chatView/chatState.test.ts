import { describe, expect, it } from 'vitest';
import type { ChatMeter, ChatProgress, ChatTurn } from '../../../src/core/protocol/chatProtocol';
import { applyHostMessage, initialChatState, runningTurn } from '../../../webview-ui/src/chat/chatState';
import type { ChatViewState } from '../../../webview-ui/src/chat/chatState';

const turn = (id: string, extra: Partial<ChatTurn> = {}): ChatTurn => ({
  id,
  question: `q ${id}`,
  answer: '',
  status: 'running',
  startedAt: 1000,
  ...extra,
});
const meter: ChatMeter = {
  inputTokens: 10,
  outputTokens: 5,
  costUsd: 0.001,
  costComplete: true,
  maxTokens: 1000,
  maxCostUsd: 1,
};
const progress: ChatProgress = {
  iteration: 1,
  maxIterations: 12,
  activity: 'model writing',
  subCallsInFlight: 0,
  subCallsDone: 0,
  childRuns: 0,
  elapsedMs: 200,
};

function loaded(turns: ChatTurn[]): ChatViewState {
  return applyHostMessage(
    initialChatState,
    {
      type: 'state',
      turns,
      model: { provider: 'openai-compatible', label: 'm at host' },
      workspaceName: 'ws',
      trusted: true,
    },
    0,
  );
}

describe('applyHostMessage', () => {
  it('takes the conversation, model and trust from state', () => {
    const state = applyHostMessage(
      initialChatState,
      {
        type: 'state',
        turns: [turn('a', { status: 'answered' })],
        model: undefined,
        workspaceName: 'w',
        trusted: false,
      },
      0,
    );
    expect(state).toMatchObject({ loaded: true, workspaceName: 'w', trusted: false, model: undefined });
    expect(state.turns.map((t) => t.id)).toEqual(['a']);
    expect(runningTurn(state)).toBeUndefined();
  });

  it('streams a running turn: started, whole answer text, progress, ended', () => {
    let state = loaded([]);
    state = applyHostMessage(state, { type: 'turnStarted', turn: turn('t1') }, 0);
    expect(runningTurn(state)?.id).toBe('t1');
    state = applyHostMessage(state, { type: 'answerText', turnId: 't1', text: 'Hel' }, 0);
    state = applyHostMessage(state, { type: 'answerText', turnId: 't1', text: 'Hello' }, 0);
    expect(state.turns[0].answer).toBe('Hello');
    state = applyHostMessage(state, { type: 'progress', turnId: 't1', progress, meter }, 5000);
    expect(state.live.t1).toEqual({ progress, meter, receivedAt: 5000 });
    expect(state.turns[0].meter).toEqual(meter);
    state = applyHostMessage(
      state,
      { type: 'turnEnded', turn: turn('t1', { status: 'answered', answer: 'Hello world', durationMs: 900 }) },
      0,
    );
    expect(state.turns[0]).toMatchObject({ status: 'answered', answer: 'Hello world' });
    expect(state.live).toEqual({});
    expect(runningTurn(state)).toBeUndefined();
  });

  it('ignores answer text and progress for unknown or ended turns', () => {
    const state = loaded([turn('done', { status: 'stopped', answer: 'partial' })]);
    expect(applyHostMessage(state, { type: 'answerText', turnId: 'done', text: 'late' }, 0)).toBe(state);
    expect(applyHostMessage(state, { type: 'answerText', turnId: 'nope', text: 'x' }, 0)).toBe(state);
    expect(applyHostMessage(state, { type: 'progress', turnId: 'done', progress, meter }, 0)).toBe(state);
  });

  it('accepts a restarted answer that is shorter than before (a retried model call)', () => {
    let state = applyHostMessage(loaded([]), { type: 'turnStarted', turn: turn('t') }, 0);
    state = applyHostMessage(state, { type: 'answerText', turnId: 't', text: 'A long first try' }, 0);
    state = applyHostMessage(state, { type: 'answerText', turnId: 't', text: 'A' }, 0);
    expect(state.turns[0].answer).toBe('A');
  });

  it('keeps live progress across a state message only for turns still running', () => {
    let state = applyHostMessage(loaded([]), { type: 'turnStarted', turn: turn('r') }, 0);
    state = applyHostMessage(state, { type: 'progress', turnId: 'r', progress, meter }, 1);
    const again = applyHostMessage(
      state,
      { type: 'state', turns: [turn('r')], model: undefined, workspaceName: 'ws', trusted: true },
      2,
    );
    expect(Object.keys(again.live)).toEqual(['r']);
    const ended = applyHostMessage(
      state,
      {
        type: 'state',
        turns: [turn('r', { status: 'stopped' })],
        model: undefined,
        workspaceName: 'ws',
        trusted: true,
      },
      2,
    );
    expect(ended.live).toEqual({});
  });

  it('replaces a turn started twice instead of duplicating it, and follows the model', () => {
    let state = applyHostMessage(loaded([]), { type: 'turnStarted', turn: turn('x') }, 0);
    state = applyHostMessage(state, { type: 'turnStarted', turn: turn('x', { question: 'again' }) }, 0);
    expect(state.turns.map((t) => t.question)).toEqual(['again']);
    state = applyHostMessage(state, { type: 'modelChanged', model: undefined }, 0);
    expect(state.model).toBeUndefined();
    expect(applyHostMessage(state, { type: 'focusInput' }, 0)).toBe(state);
  });
});
