import type { ChatMeter, ChatTurn } from '../../../src/core/protocol/chatProtocol';

/**
 * "$0.0123" under a dollar, "$1.25" above; "≥ $…" when some model had no known price, and "cost unknown" when no
 * call had one (local models): a guess would mislead.
 */
export function formatCost(costUsd: number, complete = true): string {
  if (!complete && costUsd === 0) return 'cost unknown';
  const amount = costUsd >= 1 ? costUsd.toFixed(2) : costUsd.toFixed(4);
  return `${complete ? '' : '≥ '}$${amount}`;
}

/** 950, 12.3k, 1.2M. */
export function formatTokens(count: number): string {
  if (count < 1000) return String(Math.round(count));
  if (count < 1_000_000) return `${trimZero((count / 1000).toFixed(count < 10_000 ? 1 : 0))}k`;
  return `${trimZero((count / 1_000_000).toFixed(1))}M`;
}

function trimZero(value: string): string {
  return value.endsWith('.0') ? value.slice(0, -2) : value;
}

/** "850 ms", "4.2 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${trimZero((ms / 1000).toFixed(1))} s`;
  const minutes = Math.floor(ms / 60_000);
  const secondsLeft = Math.floor((ms % 60_000) / 1000);
  return secondsLeft ? `${minutes} min ${secondsLeft} s` : `${minutes} min`;
}

/** Whole seconds from `now` until `until` (epoch ms), rounded up; 0 once it has passed. */
export function secondsUntil(until: number, now: number): number {
  return Math.max(0, Math.ceil((until - now) / 1000));
}

/** "in 12.3k · out 950 tokens (of 1M)". */
export function formatMeterTokens(meter: ChatMeter): string {
  return `in ${formatTokens(meter.inputTokens)} · out ${formatTokens(meter.outputTokens)} tokens (of ${formatTokens(meter.maxTokens)})`;
}

/**
 * "$0.0123 of $1.00" or "≥ $0.0123 of $1.00"; with a model that has no price, why the cost limit cannot apply:
 * "cost unknown: no price for llama3 — the token limit applies".
 */
export function formatMeterCost(meter: ChatMeter): string {
  const unpriced = meter.unpricedModels ?? [];
  if (unpriced.length > 0) {
    const cost = meter.costUsd > 0 ? formatCost(meter.costUsd, false) : 'cost unknown';
    return `${cost}: no price for ${unpriced.join(', ')} — the token limit applies`;
  }
  const cost = formatCost(meter.costUsd, meter.costComplete);
  return cost === 'cost unknown'
    ? `${cost} (limit ${formatCost(meter.maxCostUsd)})`
    : `${cost} of ${formatCost(meter.maxCostUsd)}`;
}

/** The one-line outcome of an ended turn: "Answered · 4.2 s · 12.3k tokens · $0.0123". */
export function turnSummary(turn: ChatTurn): string {
  const parts = [statusLabel(turn)];
  if (turn.durationMs !== undefined) parts.push(formatDuration(turn.durationMs));
  if (turn.meter) {
    parts.push(`${formatTokens(turn.meter.inputTokens + turn.meter.outputTokens)} tokens`);
    parts.push(formatCost(turn.meter.costUsd, turn.meter.costComplete));
  }
  return parts.join(' · ');
}

/** The footer's context line: what the run's models saw against what pasting the code would have cost. */
export function turnContextLine(turn: ChatTurn): string | undefined {
  return turn.status === 'running' || !turn.contextMeter ? undefined : `Context: ${turn.contextMeter}`;
}

function statusLabel(turn: ChatTurn): string {
  switch (turn.status) {
    case 'running':
      return 'Running';
    case 'answered':
      return 'Answered';
    case 'limited':
      // The host's detail is the whole sentence ("Limit reached (…): …", "Stopped by you"): said once, not prefixed.
      return turn.detail ?? 'Stopped at a limit';
    case 'stopped':
      return turn.detail ?? 'Stopped';
    case 'failed':
      return 'Failed';
  }
}

/** The wait in a person's words, with what the person can do: it waits by default, and Stop ends the run. */
export function waitText(kind: 'rate-limit' | 'retry' | undefined, seconds: number): string {
  return kind === 'rate-limit'
    ? `Rate limited: the endpoint asks to wait ${seconds} s. Waiting — Stop ends the run.`
    : `The endpoint failed; trying again in ${seconds} s. Stop ends the run.`;
}

/** The question behind the Wait / Stop buttons: what the endpoint asks, and why the run did not just wait. */
export function rateLimitQuestionText(ask: { model: string; waitSeconds: number; maxWaitSeconds: number }): string {
  const allowed =
    ask.maxWaitSeconds > 0
      ? `longer than the ${ask.maxWaitSeconds} s you allow without asking`
      : 'and you asked to be asked before any rate-limit wait';
  return `The endpoint is rate-limiting ${ask.model} and asks to wait ${ask.waitSeconds} s, ${allowed}. Wait, or stop the run?`;
}
