import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { ChatHostToWebview } from '../../../src/core/protocol/chatProtocol';
import { chatApi } from './chatApi';
import { ChatHeader } from './chatHeader';
import { applyHostMessage, initialChatState, runningTurn } from './chatState';
import type { ChatViewState } from './chatState';
import { EmptyState } from './emptyState';
import { QuestionBox } from './questionBox';
import { TurnView } from './turnView';
import { useNow } from './useNow';

/** The chat panel: the header, the conversation (from the host's `state`), the question box. */
export function ChatApp(): JSX.Element {
  const [view, setView] = useState<ChatViewState>(initialChatState);
  const [draft, setDraft] = useState(() => chatApi.getState()?.draft ?? '');
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const logRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  // A turn that just ended other than answered: its error or reason is scrolled into sight once painted.
  const revealTurn = useRef<string | undefined>(undefined);

  useEffect(() => {
    // Messages apply to `latest` in order; streamed answer text is painted at most once per animation frame.
    let latest = initialChatState;
    let frame: number | undefined;
    const paint = (): void => {
      frame = undefined;
      setView(latest);
    };
    const stop = chatApi.onMessage((message: ChatHostToWebview) => {
      latest = applyHostMessage(latest, message, Date.now());
      // What just happened stays in sight: a new question (typed here or sent by a command), a reloaded conversation.
      if (message.type === 'turnStarted' || message.type === 'state') stickToBottom.current = true;
      if (message.type === 'turnEnded' && message.turn.status !== 'answered') revealTurn.current = message.turn.id;
      if (message.type === 'focusInput') {
        inputRef.current?.focus();
        return;
      }
      if (message.type === 'answerText') {
        frame ??= requestAnimationFrame(paint);
        return;
      }
      if (frame !== undefined) cancelAnimationFrame(frame);
      paint();
    });
    chatApi.postMessage({ type: 'ready' });
    return () => {
      stop();
      if (frame !== undefined) cancelAnimationFrame(frame);
    };
  }, []);

  useEffect(() => chatApi.setState({ draft }), [draft]);

  useLayoutEffect(() => {
    const log = logRef.current;
    if (!log) return;
    if (stickToBottom.current) log.scrollTop = log.scrollHeight;
    const turnId = revealTurn.current;
    revealTurn.current = undefined;
    const outcome = turnId
      ? log.querySelector<HTMLElement>(`[data-turn-id="${CSS.escape(turnId)}"] .turn-outcome`)
      : null;
    if (outcome) revealInside(log, outcome);
  }, [view]);

  useEffect(() => {
    // The view grows or shrinks (the sidebar is resized, a neighbour view is expanded): keep the latest turn in sight.
    const log = logRef.current;
    if (!log || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(() => {
      if (stickToBottom.current) log.scrollTop = log.scrollHeight;
    });
    observer.observe(log);
    return () => observer.disconnect();
  }, []);

  const running = runningTurn(view);
  const now = useNow(
    running !== undefined || view.turns.some((t) => t.error?.retryAt !== undefined && t.error.retryAt > Date.now()),
  );

  const send = (): void => {
    const question = draft.trim();
    if (!question || running) return;
    chatApi.postMessage({ type: 'ask', question });
    setDraft('');
    stickToBottom.current = true;
  };
  const stopRunning = (): void => {
    if (running) chatApi.postMessage({ type: 'stop', turnId: running.id });
  };
  const pickExample = (question: string): void => {
    setDraft(question);
    inputRef.current?.focus();
  };

  return (
    <main class="chat">
      <ChatHeader workspaceName={view.workspaceName} model={view.model} trusted={view.trusted} loaded={view.loaded} />
      <div
        ref={logRef}
        class="conversation"
        role="log"
        aria-live="polite"
        aria-label="Conversation"
        onClick={onConversationClick}
        onScroll={(event) => {
          const log = event.currentTarget as HTMLDivElement;
          stickToBottom.current = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
        }}
      >
        {view.loaded && view.turns.length === 0 && <EmptyState onPick={pickExample} />}
        {view.turns.map((turn) => (
          <TurnView key={turn.id} turn={turn} live={view.live[turn.id]} now={now} />
        ))}
      </div>
      <QuestionBox
        draft={draft}
        busy={running !== undefined}
        inputRef={inputRef}
        onDraft={setDraft}
        onSend={send}
        onStop={stopRunning}
      />
    </main>
  );
}

/** Scrolls `log` as little as needed for `element` to show whole (its top first when it is taller than the log). */
function revealInside(log: HTMLElement, element: HTMLElement): void {
  const box = log.getBoundingClientRect();
  const rect = element.getBoundingClientRect();
  if (rect.bottom > box.bottom) log.scrollTop += Math.min(rect.bottom - box.bottom, rect.top - box.top);
  else if (rect.top < box.top) log.scrollTop -= box.top - rect.top;
}

/** Citation links and Copy buttons live inside sanitized answer HTML, so their clicks are handled here. */
function onConversationClick(event: MouseEvent): void {
  const target = event.target instanceof Element ? event.target : null;
  const citation = target?.closest<HTMLAnchorElement>('a.citation');
  if (citation) {
    // Stop here: VS Code's own link handler would scroll the page to the top for href="#".
    event.preventDefault();
    event.stopPropagation();
    const startLine = Number(citation.dataset.startLine);
    const endLine = Number(citation.dataset.endLine);
    const file = citation.dataset.file;
    if (file && startLine > 0)
      chatApi.postMessage({
        type: 'openCitation',
        file,
        startLine,
        endLine: endLine >= startLine ? endLine : startLine,
      });
    return;
  }
  const copy = target?.closest<HTMLButtonElement>('button.copy-code');
  if (copy) {
    const code = copy.closest('.code-block')?.querySelector('pre code, pre');
    chatApi.postMessage({ type: 'copyText', text: code?.textContent ?? '' });
    showCopied(copy);
  }
}

const copiedTimers = new WeakMap<HTMLButtonElement, ReturnType<typeof setTimeout>>();

function showCopied(button: HTMLButtonElement): void {
  const label = button.querySelector('.copy-label');
  if (!label) return;
  label.textContent = 'Copied';
  button.classList.add('copied');
  clearTimeout(copiedTimers.get(button));
  copiedTimers.set(
    button,
    setTimeout(() => {
      label.textContent = 'Copy';
      button.classList.remove('copied');
    }, 1500),
  );
}
