import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { ChatRateLimitAsk, ChatTurn } from '../../../src/core/protocol/chatProtocol';
import {
  formatDuration,
  formatMeterCost,
  formatMeterTokens,
  rateLimitQuestionText,
  secondsUntil,
  waitText,
} from './chatFormat';
import type { LiveProgress } from './chatState';

interface ProgressStripProps {
  turn: ChatTurn;
  live: LiveProgress | undefined;
  now: number;
  onStop(): void;
  /** The answer to a rate limit's "Wait N s" / "Stop". */
  onRateLimitAnswer(askId: string, decision: 'wait' | 'stop'): void;
}

/** A running turn: iteration, activity, sub-calls, child runs, elapsed time, the meter and Stop. */
export function ProgressStrip({ turn, live, now, onStop, onRateLimitAnswer }: ProgressStripProps): JSX.Element {
  const progress = live?.progress;
  const meter = live?.meter ?? turn.meter;
  const elapsed =
    progress && live ? progress.elapsedMs + Math.max(0, now - live.receivedAt) : Math.max(0, now - turn.startedAt);
  const waitSeconds = progress?.waitUntil !== undefined ? secondsUntil(progress.waitUntil, now) : 0;
  return (
    <div class="progress" role="status" aria-label="Run progress">
      <div class="progress-line">
        <span class="codicon codicon-loading codicon-modifier-spin" aria-hidden="true" />
        {progress ? (
          <>
            <span class="iteration">
              Iteration {progress.iteration}/{progress.maxIterations}
            </span>
            <span class="activity">
              {waitSeconds > 0 ? waitText(progress.waitKind, waitSeconds) : progress.activity}
            </span>
          </>
        ) : (
          <span class="activity">Starting…</span>
        )}
        <button type="button" class="secondary stop" onClick={onStop} aria-label="Stop this run" title="Stop (Escape)">
          <span class="codicon codicon-debug-stop" aria-hidden="true" /> Stop
        </button>
      </div>
      {progress?.rateLimitAsk && <RateLimitQuestion ask={progress.rateLimitAsk} onAnswer={onRateLimitAnswer} />}
      <div class="progress-details">
        {progress && (
          <>
            <span>
              Sub-calls: {progress.subCallsInFlight} running, {progress.subCallsDone} done
            </span>
            <span>Child runs: {progress.childRuns}</span>
          </>
        )}
        <span class="elapsed">{formatDuration(elapsed)}</span>
      </div>
      {meter && (
        <div class="meter" aria-label="Tokens and cost so far">
          <span class="tokens">{formatMeterTokens(meter)}</span>
          <span class="cost">{formatMeterCost(meter)}</span>
          <span class="meter-bar" aria-hidden="true">
            <span
              class="meter-fill"
              style={{
                width: `${meterPercent(meter.costUsd, meter.maxCostUsd, meter.inputTokens + meter.outputTokens, meter.maxTokens)}%`,
              }}
            />
          </span>
        </div>
      )}
    </div>
  );
}

/**
 * The endpoint asks to wait longer than the person allows without asking: the run waits for their answer. The
 * question is announced (role="alert") and Wait takes the focus, so Enter waits and Tab reaches Stop.
 */
function RateLimitQuestion({
  ask,
  onAnswer,
}: {
  ask: ChatRateLimitAsk;
  onAnswer(askId: string, decision: 'wait' | 'stop'): void;
}): JSX.Element {
  const waitButton = useRef<HTMLButtonElement>(null);
  useEffect(() => waitButton.current?.focus(), [ask.askId]);
  return (
    <div class="rate-limit-ask" role="group" aria-labelledby={`${ask.askId}-text`}>
      <p id={`${ask.askId}-text`} role="alert">
        {rateLimitQuestionText(ask)}
      </p>
      <div class="rate-limit-buttons">
        <button type="button" ref={waitButton} class="wait" onClick={() => onAnswer(ask.askId, 'wait')}>
          Wait {ask.waitSeconds} s
        </button>
        <button type="button" class="secondary" onClick={() => onAnswer(ask.askId, 'stop')}>
          Stop
        </button>
      </div>
    </div>
  );
}

/** How full the tighter of the two budgets is, 0-100. */
function meterPercent(cost: number, maxCost: number, tokens: number, maxTokens: number): number {
  const costShare = maxCost > 0 ? cost / maxCost : 0;
  const tokenShare = maxTokens > 0 ? tokens / maxTokens : 0;
  return Math.min(100, Math.round(Math.max(costShare, tokenShare) * 100));
}
