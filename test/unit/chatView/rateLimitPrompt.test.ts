import { describe, expect, it } from 'vitest';
import type { ChatRateLimitAsk } from '../../../src/core/protocol/chatProtocol';
import { parseChatMessage } from '../../../src/core/protocol/chatMessageSchema';
import { RateLimitPrompt } from '../../../src/vscode/chat/rateLimitPrompt';
import { rateLimitQuestionText } from '../../../webview-ui/src/chat/chatFormat';

const question = (waitMs: number) => ({ model: 'gpt-4o-mini', waitMs, waitedMs: 0, maxWaitMs: 30_000 });

describe("the chat's rate-limit question (Wait N s / Stop)", () => {
  it('shows one question for calls rate-limited together, with the longest wait, and one answer settles them all', async () => {
    const shown: (ChatRateLimitAsk | undefined)[] = [];
    const prompt = new RateLimitPrompt((ask) => shown.push(ask));
    const first = prompt.ask(question(45_000));
    const second = prompt.ask(question(90_200));
    expect(shown.at(-1)).toEqual({ askId: 'rate-limit-1', model: 'gpt-4o-mini', waitSeconds: 91, maxWaitSeconds: 30 });
    expect(prompt.answer('rate-limit-1', 'wait')).toBe(true);
    await expect(Promise.all([first, second])).resolves.toEqual(['wait', 'wait']);
    expect(shown.at(-1)).toBeUndefined();
  });

  it('ignores an answer to a question no longer asked, and a new question gets a new id', async () => {
    const prompt = new RateLimitPrompt(() => undefined);
    const first = prompt.ask(question(60_000));
    expect(prompt.answer('rate-limit-1', 'stop')).toBe(true);
    await expect(first).resolves.toBe('stop');
    expect(prompt.answer('rate-limit-1', 'wait')).toBe(false);
    const next = prompt.ask(question(60_000));
    expect(prompt.answer('rate-limit-1', 'wait')).toBe(false);
    expect(prompt.answer('rate-limit-2', 'wait')).toBe(true);
    await expect(next).resolves.toBe('wait');
  });

  it('answers "stop" for whoever still waits when the run ends', async () => {
    const prompt = new RateLimitPrompt(() => undefined);
    const pending = prompt.ask(question(60_000));
    prompt.close();
    await expect(pending).resolves.toBe('stop');
  });

  it('says what the endpoint asks and why the run did not just wait', () => {
    expect(rateLimitQuestionText({ model: 'gpt-4o', waitSeconds: 90, maxWaitSeconds: 30 })).toBe(
      'The endpoint is rate-limiting gpt-4o and asks to wait 90 s, longer than the 30 s you allow without asking. Wait, or stop the run?',
    );
    expect(rateLimitQuestionText({ model: 'gpt-4o', waitSeconds: 5, maxWaitSeconds: 0 })).toContain(
      'you asked to be asked before any rate-limit wait',
    );
  });

  it('the host accepts only a well-formed answer from the webview', () => {
    expect(
      parseChatMessage({ type: 'rateLimitAnswer', turnId: 't1', askId: 'rate-limit-1', decision: 'wait' }),
    ).toEqual({
      type: 'rateLimitAnswer',
      turnId: 't1',
      askId: 'rate-limit-1',
      decision: 'wait',
    });
    expect(
      parseChatMessage({ type: 'rateLimitAnswer', turnId: 't1', askId: 'rate-limit-1', decision: 'forever' }),
    ).toBeUndefined();
    expect(parseChatMessage({ type: 'rateLimitAnswer', turnId: 't1', decision: 'stop' })).toBeUndefined();
    expect(parseChatMessage({ type: 'rateLimitAnswer', turnId: '', askId: 'a', decision: 'stop' })).toBeUndefined();
  });
});
