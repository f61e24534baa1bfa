import type { RunEvent } from '../../core/engine/runEvents';
import { mapStrings, minSecretLength, secretRedactor } from '../../core/llm/redactSecrets';

/**
 * Replaces every secret (the API key) in a text shown to the user or written to a log, also a key cut off by a
 * truncated error message (any prefix of 8 or more characters).
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return secretRedactor(secrets)(text);
}

/**
 * The event with every secret scrubbed from its strings, before it reaches the recorder (run logs on disk), the
 * timeline or the panel: an endpoint may echo the key in an error the engine turns into an `error` event.
 */
export function scrubEvent(event: RunEvent, secrets: readonly string[]): RunEvent {
  if (!secrets.some((secret) => secret.length >= minSecretLength)) return event;
  return mapStrings(event, secretRedactor(secrets));
}
