import { describe, expect, it } from 'vitest';
import type { ChatTurn } from '../../../src/core/protocol/chatProtocol';
import {
  formatCost,
  formatDuration,
  formatMeterCost,
  formatMeterTokens,
  formatTokens,
  secondsUntil,
  turnContextLine,
  turnSummary,
} from '../../../webview-ui/src/chat/chatFormat';

describe('chat panel formatting', () => {
  it('formats cost, marking a lower bound', () => {
    expect(formatCost(0.0123)).toBe('$0.0123');
    expect(formatCost(0.0123, false)).toBe('≥ $0.0123');
    expect(formatCost(1.5)).toBe('$1.50');
    expect(formatCost(0)).toBe('$0.0000');
    expect(formatCost(0, false)).toBe('cost unknown');
  });

  it('formats token counts and durations', () => {
    expect([formatTokens(950), formatTokens(1234), formatTokens(12_345), formatTokens(1_000_000)]).toEqual([
      '950',
      '1.2k',
      '12k',
      '1M',
    ]);
    expect([formatDuration(850), formatDuration(4200), formatDuration(60_000), formatDuration(125_000)]).toEqual([
      '850 ms',
      '4.2 s',
      '1 min',
      '2 min 5 s',
    ]);
  });

  it('counts down whole seconds and stops at zero', () => {
    expect(secondsUntil(12_000, 0)).toBe(12);
    expect(secondsUntil(11_001, 0)).toBe(12);
    expect(secondsUntil(5_000, 9_000)).toBe(0);
  });

  it('shows the meter against its limits', () => {
    const meter = {
      inputTokens: 12_300,
      outputTokens: 950,
      costUsd: 0.0123,
      costComplete: false,
      maxTokens: 1_000_000,
      maxCostUsd: 1,
    };
    expect(formatMeterTokens(meter)).toBe('in 12k · out 950 tokens (of 1M)');
    expect(formatMeterCost(meter)).toBe('≥ $0.0123 of $1.00');
    expect(formatMeterCost({ ...meter, costUsd: 0 })).toBe('cost unknown (limit $1.00)');
  });

  it('says why the cost limit cannot apply when a model of the run has no price', () => {
    const meter = {
      inputTokens: 10,
      outputTokens: 5,
      costUsd: 0,
      costComplete: false,
      maxTokens: 1_000_000,
      maxCostUsd: 1,
      unpricedModels: ['llama3.1:8b'],
    };
    expect(formatMeterCost(meter)).toBe('cost unknown: no price for llama3.1:8b — the token limit applies');
    expect(formatMeterCost({ ...meter, costUsd: 0.0123, unpricedModels: ['a', 'b'] })).toBe(
      '≥ $0.0123: no price for a, b — the token limit applies',
    );
  });

  it('summarises an ended turn with its status, duration, tokens and cost', () => {
    const base: ChatTurn = { id: 't', question: 'q', answer: 'a', status: 'answered', startedAt: 0, durationMs: 4200 };
    const meter = {
      inputTokens: 1000,
      outputTokens: 234,
      costUsd: 0.0123,
      costComplete: true,
      maxTokens: 1e6,
      maxCostUsd: 1,
    };
    expect(turnSummary({ ...base, meter })).toBe('Answered · 4.2 s · 1.2k tokens · $0.0123');
    expect(turnSummary({ ...base, status: 'limited', detail: 'Reached 12 iterations.' })).toBe(
      'Reached 12 iterations. · 4.2 s',
    );
    expect(turnSummary({ ...base, status: 'stopped', detail: 'Stopped by you' })).toBe('Stopped by you · 4.2 s');
    expect(turnSummary({ ...base, status: 'stopped', durationMs: undefined })).toBe('Stopped');
    expect(turnSummary({ ...base, status: 'failed' })).toBe('Failed · 4.2 s');
  });

  it('shows the context meter under an ended turn, not while it runs', () => {
    const turn: ChatTurn = {
      id: 't',
      question: 'q',
      answer: 'a',
      status: 'answered',
      startedAt: 0,
      contextMeter: 'root saw 6.1k tokens; the 14 files it touched are ~212k; the workspace is ~9.8M',
    };
    expect(turnContextLine(turn)).toBe(
      'Context: root saw 6.1k tokens; the 14 files it touched are ~212k; the workspace is ~9.8M',
    );
    expect(turnContextLine({ ...turn, status: 'running' })).toBeUndefined();
    expect(turnContextLine({ ...turn, contextMeter: undefined })).toBeUndefined();
  });
});
