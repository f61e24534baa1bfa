/**
 * Sizing what is sent to a model so it fits its context window: how many tokens a reply may take, how many the
 * prompt may take, and pure functions that shrink a message list (older outputs first, then the latest message).
 */
import type { ChatMessage } from '../llm/llmClient';
import type { ModelProfile } from '../llm/modelProfile';
import { conservativeTokens as estimateTokens } from '../llm/tokenEstimate';

/** Per-message framing of the chat format (role markers), as OpenAI documents it. */
const tokensPerMessage = 4;

export function estimateMessagesTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + tokensPerMessage + estimateTokens(m.content), 3);
}

/** A reply never takes more than a quarter of the window, so a small model keeps room to read. */
function replyTokens(profile: ModelProfile, requested: number): number {
  return Math.max(1, Math.min(requested, profile.maxOutputTokens ?? requested, Math.floor(profile.contextWindow / 4)));
}

/** What the prompt may take: the window less the reply and a margin for the estimate's error. */
export function promptTokens(profile: ModelProfile, requestedReply: number): number {
  const reply = replyTokens(profile, requestedReply);
  return Math.max(0, Math.floor((profile.contextWindow - reply) * 0.95) - 16);
}

export interface FittedMessages {
  messages: ChatMessage[];
  /** Max output tokens to request. */
  maxTokens: number;
  /** Estimated prompt tokens after fitting. */
  estimatedTokens: number;
  /** Older turn outputs and replies replaced by a one-line summary. */
  summarized: number;
  /** Characters cut from the end of the latest message (0 when it fit). */
  cutChars: number;
  /** One sentence for the run tree when anything changed; undefined when the messages went as they were. */
  note?: string;
}

/**
 * Fits a conversation into `profile`'s window (or `targetTokens` when smaller): keeps the system prompt, the
 * question and the latest message; replaces older turn outputs, then older replies, with one-line summaries
 * (oldest first; variables stay in the REPL); then cuts the latest message's tail. Returns new arrays, never mutates.
 */
export function fitToWindow(
  messages: readonly ChatMessage[],
  profile: ModelProfile,
  requestedReply: number,
  targetTokens?: number,
): FittedMessages {
  const maxTokens = replyTokens(profile, requestedReply);
  const budget = Math.min(promptTokens(profile, requestedReply), targetTokens ?? Number.MAX_SAFE_INTEGER);
  const out = messages.map((m) => ({ ...m }));
  let total = estimateMessagesTokens(out);
  const result = (summarized: number, cutChars: number): FittedMessages => ({
    messages: out,
    maxTokens,
    estimatedTokens: total,
    summarized,
    cutChars,
    ...(summarized || cutChars ? { note: fitNote(profile, budget, summarized, cutChars) } : {}),
  });
  if (total <= budget) return result(0, 0);

  const firstUser = out.findIndex((m) => m.role === 'user');
  const last = out.length - 1;
  const older = (role: ChatMessage['role']): number[] =>
    out
      .map((m, i) => (m.role === role && i > firstUser && i < last && !isSummary(m.content) ? i : -1))
      .filter((i) => i >= 0);
  let summarized = 0;
  for (const index of [...older('user'), ...older('assistant')]) {
    if (total <= budget) break;
    const before = estimateTokens(out[index].content);
    out[index].content = summarize(out[index]);
    total += estimateTokens(out[index].content) - before;
    summarized++;
  }
  if (total <= budget || last < 0) return result(summarized, 0);

  const room = budget - (total - estimateTokens(out[last].content));
  const content = out[last].content;
  const kept = cutToTokens(content, Math.max(0, room - estimateTokens(cutNote(content.length))));
  if (kept.length >= content.length) return result(summarized, 0);
  out[last].content = `${kept}${cutNote(content.length - kept.length)}`;
  total = estimateMessagesTokens(out);
  return result(summarized, content.length - kept.length);
}

/**
 * A smaller target after the endpoint refused a prompt as too long: its own figures when it gave them (window,
 * tokens it counted), else three quarters of what was sent. Undefined when no useful prompt would be left.
 */
export function overflowTarget(
  sentTokens: number,
  profile: ModelProfile,
  requestedReply: number,
  stated: { contextWindow?: number; requestedTokens?: number },
): number | undefined {
  const window = stated.contextWindow ?? profile.contextWindow;
  const reply = replyTokens({ ...profile, contextWindow: window }, requestedReply);
  // How many real tokens one estimated token turned out to be, when the endpoint counted (never below 1).
  const ratio = stated.requestedTokens ? Math.max(1, stated.requestedTokens / Math.max(1, sentTokens)) : 1;
  const fromWindow = Math.floor(((window - reply) * 0.9) / ratio);
  const target = Math.min(fromWindow, Math.floor(sentTokens * 0.75));
  return target >= 64 ? target : undefined;
}

/**
 * Run limits sized to the root model's window: each code block's output fed back takes at most a quarter of the
 * prompt (the system prompt states the figure), so a small model still sees several turns.
 */
export function limitsForWindow<T extends { outputCharsToModel: number; maxTokensPerCall: number }>(
  limits: T,
  profile: ModelProfile,
): T {
  const quarter = Math.floor((promptTokens(profile, limits.maxTokensPerCall) * 3) / 4);
  return { ...limits, outputCharsToModel: Math.max(500, Math.min(limits.outputCharsToModel, quarter)) };
}

/** Earlier questions and answers of a session that fit a tenth of the prompt, newest kept; older ones drop out. */
export function boundHistory<T extends { question: string; answer: string }>(
  history: readonly T[],
  profile: ModelProfile,
  requestedReply: number,
): T[] {
  let room = Math.floor(promptTokens(profile, requestedReply) / 10);
  const kept: T[] = [];
  for (let i = history.length - 1; i >= 0; i--) {
    const entry = history[i];
    room -= estimateTokens(entry.question) + Math.min(estimateTokens(entry.answer), 140) + 8; // the prompt shows 400 characters of an answer
    if (room < 0) break;
    kept.unshift(entry);
  }
  return kept;
}

const summaryPrefix = '[Left out to fit the context window:';

function isSummary(content: string): boolean {
  return content.startsWith(summaryPrefix);
}

function summarize(message: ChatMessage): string {
  const lines = message.content.split('\n');
  const first =
    lines
      .find((line) => line.trim() && !/^Output of block \d+:$/.test(line.trim()) && !line.startsWith('```'))
      ?.trim() ?? '';
  const gist = first.length > 100 ? `${first.slice(0, 100)}…` : first;
  if (message.role === 'assistant') {
    const blocks = (message.content.match(/```(?:js|javascript)?\s*\n/g) ?? []).length;
    return `${summaryPrefix} your earlier reply (${lines.length} lines, ${blocks} code block(s)), which began "${gist}".]`;
  }
  return `${summaryPrefix} an earlier output (${message.content.length} characters), which began "${gist}". Variables set then are still in the REPL; print them again if you need them.]`;
}

function cutNote(chars: number): string {
  return `\n[... ${chars} more characters cut to fit the model's context window]`;
}

/** The longest prefix estimated at most `tokens`, ending at a line break when one is near. */
function cutToTokens(text: string, tokens: number): string {
  if (estimateTokens(text) <= tokens) return text;
  let prefix = Buffer.from(text)
    .subarray(0, Math.max(0, tokens * 3))
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  const lineEnd = prefix.lastIndexOf('\n');
  if (lineEnd > prefix.length * 0.8) prefix = prefix.slice(0, lineEnd);
  return prefix;
}

function fitNote(profile: ModelProfile, budget: number, summarized: number, cutChars: number): string {
  const parts = [
    ...(summarized ? [`${summarized} older message(s) summarized in one line`] : []),
    ...(cutChars ? [`${cutChars} characters cut from the latest message`] : []),
  ];
  return `Fitted to ~${budget} prompt tokens of ${profile.model}'s ${profile.contextWindow}-token window (${profile.source}): ${parts.join(', ')}.`;
}
