import type { JSX, Ref } from 'preact';

interface QuestionBoxProps {
  draft: string;
  busy: boolean;
  inputRef: Ref<HTMLTextAreaElement>;
  onDraft(text: string): void;
  onSend(): void;
  onStop(): void;
}

/** The question input: Enter sends, Shift+Enter adds a line, Escape stops a running turn. Typing stays possible while busy. */
export function QuestionBox({ draft, busy, inputRef, onDraft, onSend, onStop }: QuestionBoxProps): JSX.Element {
  const canSend = !busy && draft.trim().length > 0;
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if (canSend) onSend();
    } else if (event.key === 'Escape' && busy) {
      event.preventDefault();
      onStop();
    }
  };
  return (
    <form
      class="question-box"
      onSubmit={(event) => {
        event.preventDefault();
        if (canSend) onSend();
      }}
    >
      <textarea
        ref={inputRef}
        class="question-input"
        rows={3}
        aria-label="Question about this workspace"
        placeholder={
          busy
            ? 'A run is in progress (Escape stops it)…'
            : 'Ask about this workspace (Enter to send, Shift+Enter for a new line)'
        }
        value={draft}
        onInput={(event) => onDraft((event.currentTarget as HTMLTextAreaElement).value)}
        onKeyDown={onKeyDown}
      />
      <div class="question-actions">
        <button type="submit" class="primary send" aria-label="Send question" disabled={!canSend}>
          <span class="codicon codicon-send" aria-hidden="true" /> Send
        </button>
      </div>
    </form>
  );
}
