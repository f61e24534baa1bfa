import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { ChatHostToWebview } from '../../../src/core/protocol/chatProtocol';
import { chatApi, onChatHostMessage, postToHost } from './chatApi';
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

  useEffect(() => {
    // Messages apply to `latest` in order; streamed answer text is painted at most once per animation frame.
    let latest = initialChatState;
    let frame: number | undefined;
    const paint = (): void => {
      frame = undefined;
      setView(latest);
    };
    const stop = onChatHostMessage((message: ChatHostToWebview) => {
      latest = applyHostMessage(latest, message, Date.now());
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
    postToHost({ type: 'ready' });
    return () => {
      stop();
      if (frame !== undefined) cancelAnimationFrame(frame);
    };
  }, []);

  useEffect(() => chatApi.setState({ draft }), [draft]);

  useLayoutEffect(() => {
    const log = logRef.current;
    if (log && stickToBottom.current) log.scrollTop = log.scrollHeight;
  }, [view]);

  const running = runningTurn(view);
  const now = useNow(running !== undefined || view.turns.some((t) => t.error?.retryAt !== undefined && t.error.retryAt > Date.now()));

  const send = (): void => {
    const question = draft.trim();
    if (!question || running) return;
    postToHost({ type: 'ask', question });
    setDraft('');
    stickToBottom.current = true;
  };
  const stopRunning = (): void => {
    if (running) postToHost({ type: 'stop', turnId: running.id });
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
      <QuestionBox draft={draft} busy={running !== undefined} inputRef={inputRef} onDraft={setDraft} onSend={send} onStop={stopRunning} />
    </main>
  );
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
    if (file && startLine > 0) postToHost({ type: 'openCitation', file, startLine, endLine: endLine >= startLine ? endLine : startLine });
    return;
  }
  const copy = target?.closest<HTMLButtonElement>('button.copy-code');
  if (copy) {
    const code = copy.parentElement?.querySelector('pre code, pre');
    postToHost({ type: 'copyText', text: code?.textContent ?? '' });
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
