/**
 * The script that drives the scripted model server: rules matched in order against each chat request.
 */
type TextMatcher = string | RegExp;

interface RuleMatch {
  /** The requested model: a string matches exactly, a RegExp by test. */
  model?: TextMatcher;
  /** The last user message: a string matches as a substring. */
  lastUser?: TextMatcher;
  /** Any message of any role. */
  anyMessage?: TextMatcher;
  /** The system message. */
  system?: TextMatcher;
}

interface ScriptedUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface RecordedMessage {
  role: string;
  content: string;
}

/** What the server saw of one request and when (ms on the `performance` clock: `timeOrigin + now()`). */
export interface RecordedRequest {
  seq: number;
  /** The rule that answered (its name, or `#index`), undefined when none matched. */
  rule: string | undefined;
  model: string;
  messages: RecordedMessage[];
  stream: boolean;
  includeUsage: boolean;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  status: number;
  receivedAt: number;
  firstByteAt?: number;
  /** When each streamed content chunk was written (same clock), for time-to-first-token figures. */
  chunksSentAt: number[];
  endedAt?: number;
  /** True when the client went away before the reply was complete (cancellation, timeout). */
  clientAborted: boolean;
}

export interface ScriptRule {
  name?: string;
  match?: RuleMatch;
  /** The reply text, or a function of the request (tests only: a JSON script cannot carry one). */
  reply?: string | ((request: RecordedRequest) => string | Promise<string>);
  /** An error status instead of a reply (429, 500, 401, 400...). */
  status?: number;
  errorMessage?: string;
  /** E.g. `context_length_exceeded`. */
  errorCode?: string;
  /** Sent as the `Retry-After` header (seconds, or an HTTP date). */
  retryAfter?: string | number;
  /** Before the first byte. */
  delayMs?: number;
  /** Between streamed chunks. */
  chunkDelayMs?: number;
  /** Characters per streamed chunk; default 16. */
  chunkChars?: number;
  /**
   * Reported usage; `null` sends none (local servers); absent: computed as characters / 4. Completion tokens are
   * capped at the request's `max_tokens`/`max_completion_tokens` (finish reason "length" then), as a real endpoint's.
   */
  usage?: ScriptedUsage | null;
  /** Streamed replies: destroy the connection after this many content chunks. */
  cutAfterChunks?: number;
  /** Streamed replies: send an unparsable chunk after this many content chunks. */
  malformedAfterChunks?: number;
  finishReason?: string;
  /** How many requests this rule answers before it is used up; default: unlimited. */
  times?: number;
}

function matchesText(matcher: TextMatcher | undefined, text: string | undefined, exact = false): boolean {
  if (matcher === undefined) return true;
  if (text === undefined) return false;
  if (matcher instanceof RegExp) return new RegExp(matcher.source, matcher.flags.replace('g', '')).test(text);
  return exact ? text === matcher : text.includes(matcher);
}

export function ruleMatches(rule: ScriptRule, model: string, messages: readonly RecordedMessage[]): boolean {
  const match = rule.match ?? {};
  const lastUser = [...messages].reverse().find((m) => m.role === 'user')?.content;
  const system = messages.find((m) => m.role === 'system')?.content;
  return (
    matchesText(match.model, model, true) &&
    matchesText(match.lastUser, lastUser) &&
    matchesText(match.system, system) &&
    (match.anyMessage === undefined || messages.some((m) => matchesText(match.anyMessage, m.content)))
  );
}

/** JSON form of a matcher: a plain string, or `{ "regex": "...", "flags": "i" }`. */
type JsonMatcher = string | { regex: string; flags?: string };

/**
 * Reads a JSON script (`{ "rules": [...] }` or a bare array) into rules, turning `{regex, flags}` into RegExps.
 * Throws with the rule index and field when the script is malformed.
 */
export function parseScript(json: unknown): ScriptRule[] {
  const list = Array.isArray(json) ? json : (json as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(list)) throw new Error('A script is a JSON array of rules or an object with a "rules" array.');
  return list.map((raw, index) => {
    if (typeof raw !== 'object' || raw === null) throw new Error(`Rule #${index} is not an object.`);
    const rule = { ...(raw as Record<string, unknown>) } as ScriptRule;
    if (rule.reply !== undefined && typeof rule.reply !== 'string')
      throw new Error(`Rule #${index}: "reply" must be a string.`);
    if (rule.match) {
      const match: RuleMatch = {};
      for (const key of ['model', 'lastUser', 'anyMessage', 'system'] as const) {
        const value = (rule.match as Record<string, JsonMatcher | undefined>)[key];
        if (value === undefined) continue;
        if (typeof value === 'string') match[key] = value;
        else if (typeof value === 'object' && typeof value.regex === 'string')
          match[key] = new RegExp(value.regex, value.flags);
        else throw new Error(`Rule #${index}: match.${key} must be a string or {"regex": "...", "flags": "..."}.`);
      }
      rule.match = match;
    }
    return rule;
  });
}
