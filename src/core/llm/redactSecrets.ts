/**
 * Removes secrets (API keys) from text shown to a person or written to a log. A secret is removed whole and also
 * when text was cut inside it: any run of at least `minPrefixLength` characters that is a prefix of the secret
 * (a key echoed by an endpoint, then truncated by an error formatter) becomes "***" as well.
 */

/** Shorter secrets are placeholders ("none", "x"), not keys; replacing them would mangle ordinary text. */
const minSecretLength = 4;

/** A cut-off key keeps this many characters at least before it counts as a leak of that key. */
const minPrefixLength = 8;

const redactedMark = '***';

/** A function that redacts the given secrets (raw and JSON-escaped) from any text; identity when there are none. */
export function secretRedactor(secrets: readonly string[]): (text: string) => string {
  const forms = [
    ...new Set(secrets.filter((s) => s.length >= minSecretLength).flatMap((s) => [s, JSON.stringify(s).slice(1, -1)])),
  ];
  // Longest first, so a secret that contains another is removed whole.
  forms.sort((a, b) => b.length - a.length);
  if (forms.length === 0) return (text) => text;
  return (text) => forms.reduce((out, form) => redactOne(out, form), text);
}

/** `text` with every secret (and every cut-off prefix of one) replaced by "***". */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return secretRedactor(secrets)(text);
}

/**
 * The value (a run event, a result) with every secret redacted from the strings inside it, before it reaches a run
 * log, the timeline or a panel: an endpoint may echo the key in an error the engine turns into an `error` event.
 * The same value comes back when there is no secret to redact.
 */
export function redactStrings<T>(value: T, secrets: readonly string[]): T {
  if (!secrets.some((secret) => secret.length >= minSecretLength)) return value;
  return mapStrings(value, secretRedactor(secrets));
}

/** Replaces `secret` and every cut-off prefix of it (at least `minPrefixLength` long) in one pass. */
function redactOne(text: string, secret: string): string {
  const head = secret.slice(0, Math.min(secret.length, minPrefixLength));
  if (head.length < minPrefixLength) return text.split(secret).join(redactedMark);
  let out = '';
  let from = 0;
  for (let at = text.indexOf(head); at !== -1; at = text.indexOf(head, from)) {
    let end = at + head.length;
    while (end - at < secret.length && end < text.length && text[end] === secret[end - at]) end++;
    out += text.slice(from, at) + redactedMark;
    from = end;
  }
  return out + text.slice(from);
}

/** The value with `transform` applied to every string inside it (events, results); other values are kept. */
export function mapStrings<T>(value: T, transform: (text: string) => string): T {
  return mapValue(value, transform) as T;
}

function mapValue(value: unknown, transform: (text: string) => string): unknown {
  if (typeof value === 'string') return transform(value);
  if (Array.isArray(value)) return value.map((item) => mapValue(item, transform));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapValue(item, transform)]));
}
