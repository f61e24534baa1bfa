/**
 * What a caller sees of a running exploration: the root iteration, sub-calls in flight and done, tokens and cost,
 * folded from the run's events into one line per change (MCP progress notifications, VS Code tool progress).
 */
import type { RunEvent } from '../engine/runEvents';
import { runCostText } from './runSummary';

export interface ExploreProgressState {
  iteration: number;
  subCallsInFlight: number;
  subCallsDone: number;
  tokens: number;
  costUsd: number;
  /** False once a call had no price: costUsd is then a lower bound. */
  costComplete: boolean;
}

export class ExploreProgress {
  readonly state: ExploreProgressState = {
    iteration: 0,
    subCallsInFlight: 0,
    subCallsDone: 0,
    tokens: 0,
    costUsd: 0,
    costComplete: true,
  };

  /** Applies an event; true when the caller-visible state changed (a new line is worth sending). */
  apply(event: RunEvent): boolean {
    const s = this.state;
    switch (event.type) {
      case 'iteration':
        if (event.depth !== 0) return false;
        s.iteration = event.iteration;
        return true;
      case 'sub-call-start':
        s.subCallsInFlight++;
        return true;
      case 'sub-call':
        s.subCallsInFlight = Math.max(0, s.subCallsInFlight - 1);
        s.subCallsDone++;
        this.count(event.usage, event.costUsd, event.usage !== undefined);
        return true;
      case 'model-reply':
        this.count(event.usage, event.costUsd, true);
        return true;
      case 'answer':
        if (event.depth !== 0) return false;
        s.tokens = event.totals.inputTokens + event.totals.outputTokens;
        s.costUsd = event.totals.costUsd;
        s.costComplete = event.totals.costComplete;
        s.subCallsInFlight = 0;
        return true;
      default:
        return false;
    }
  }

  /** One line: "iteration 2 · sub-calls: 3 running, 5 done · 12,345 tokens · $0.0123". */
  message(): string {
    const s = this.state;
    return `iteration ${s.iteration} · sub-calls: ${s.subCallsInFlight} running, ${s.subCallsDone} done · ${s.tokens.toLocaleString('en-US')} tokens · ${runCostText(s)}`;
  }

  private count(
    usage: { inputTokens: number; outputTokens: number } | undefined,
    costUsd: number | undefined,
    called: boolean,
  ): void {
    if (usage) this.state.tokens += usage.inputTokens + usage.outputTokens;
    if (costUsd !== undefined) this.state.costUsd += costUsd;
    else if (called) this.state.costComplete = false;
  }
}
