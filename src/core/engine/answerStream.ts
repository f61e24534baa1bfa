/**
 * The user-visible answer while a run streams: what follows the root run's plain-text `FINAL(` (after any prose),
 * or its last "answer now" call, as the model writes it. Code-writing turns are not answers and show nothing here.
 */
import { finalAnswerSoFar } from './modelReply';
import type { RunEvent } from './runEvents';

export class AnswerStream {
  private rootRunId: string | undefined;
  private key = '';
  private reply = '';
  private shown = '';

  /** Feeds one event; returns the answer text so far when it changed, otherwise undefined. */
  apply(event: RunEvent): string | undefined {
    if (event.type === 'run-start' && event.depth === 0) this.rootRunId = event.runId;
    if (event.type !== 'model-delta' || event.runId !== this.rootRunId) return undefined;
    const key = `${event.iteration}/${event.attempt}/${event.lastCall}`;
    if (key !== this.key) {
      this.key = key;
      this.reply = '';
    }
    this.reply += event.text;
    const answer = event.lastCall ? this.reply.trimStart() : finalAnswerSoFar(this.reply);
    if (answer === undefined || answer === this.shown) return undefined;
    this.shown = answer;
    return answer;
  }
}
