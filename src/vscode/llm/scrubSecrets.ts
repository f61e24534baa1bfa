import type { RunEvent } from '../../core/engine/runEvents';

/** Shorter values are not scrubbed: replacing them would mangle ordinary text. */
const minSecretLength = 4;

/** Replaces every secret (the API key) in a text shown to the user or written to a log. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let scrubbed = text;
  for (const secret of secrets) if (secret.length >= minSecretLength) scrubbed = scrubbed.split(secret).join('***');
  return scrubbed;
}

/**
 * The event with every secret scrubbed from its strings, before it reaches the recorder (run logs on disk), the
 * timeline or the panel: an endpoint may echo the key in an error the engine turns into an `error` event.
 */
export function scrubEvent(event: RunEvent, secrets: readonly string[]): RunEvent {
  if (!secrets.some((secret) => secret.length >= minSecretLength)) return event;
  return scrubValue(event, secrets) as RunEvent;
}

function scrubValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return scrubSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubValue(item, secrets)]));
}
