import type { RateLimitDecision, RateLimitQuestion } from '../../core/llm/rateLimitWait';
import { waitSeconds } from '../../core/llm/rateLimitWait';
import type { ChatRateLimitAsk } from '../../core/protocol/chatProtocol';

/**
 * The chat's "the endpoint asks to wait N s: Wait / Stop" question of one turn. Sub-calls rate-limited together
 * share one question (showing the longest wait) instead of stacking buttons; each answer covers the calls that asked.
 */
export class RateLimitPrompt {
  private pending: { ask: ChatRateLimitAsk; answer: ((decision: RateLimitDecision) => void)[] } | undefined;
  private nextId = 1;

  /** `changed` is told the question to show, or undefined once it is answered. */
  constructor(private readonly changed: (ask: ChatRateLimitAsk | undefined) => void) {}

  ask(question: RateLimitQuestion): Promise<RateLimitDecision> {
    return new Promise((resolve) => {
      const seconds = waitSeconds(question.waitMs);
      if (this.pending) {
        this.pending.answer.push(resolve);
        if (seconds > this.pending.ask.waitSeconds) this.pending.ask = { ...this.pending.ask, waitSeconds: seconds };
      } else {
        const ask: ChatRateLimitAsk = {
          askId: `rate-limit-${this.nextId++}`,
          model: question.model,
          waitSeconds: seconds,
          maxWaitSeconds: Math.round(question.maxWaitMs / 1000),
        };
        this.pending = { ask, answer: [resolve] };
      }
      this.changed(this.pending.ask);
    });
  }

  /** The person's answer; false when it belongs to a question no longer asked (answered elsewhere, or stale). */
  answer(askId: string, decision: RateLimitDecision): boolean {
    if (!this.pending || this.pending.ask.askId !== askId) return false;
    const { answer } = this.pending;
    this.pending = undefined;
    this.changed(undefined);
    for (const resolve of answer) resolve(decision);
    return true;
  }

  /** The run ended: nobody is left to wait for. */
  close(): void {
    if (this.pending) this.answer(this.pending.ask.askId, 'stop');
  }
}
