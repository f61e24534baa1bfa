/**
 * The user-visible answer while a run streams: the root run's plain-text `FINAL(…)` reply, or its last
 * "answer now" call, as the model writes it. Code-writing turns are not answers and show nothing here.
 */
import type { RunEvent } from './runEvents';

const finalPrefix = 'FINAL(';

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

/** The inside of a `FINAL(` reply being written; a `)` at the very end is held back as the likely closing one. */
function finalAnswerSoFar(reply: string): string | undefined {
  const text = reply.trimStart();
  if (!text.startsWith(finalPrefix)) return undefined;
  const inside = text.slice(finalPrefix.length).trimStart();
  const trimmed = inside.trimEnd();
  return trimmed.endsWith(')') ? trimmed.slice(0, -1).trimEnd() : inside;
}
