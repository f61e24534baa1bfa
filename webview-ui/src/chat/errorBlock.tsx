import type { JSX } from 'preact';
import type { ChatErrorAction, ChatTurn } from '../../../src/core/protocol/chatProtocol';
import { chatApi } from './chatApi';
import { secondsUntil } from './chatFormat';

const actionLabels: Record<ChatErrorAction, string> = {
  configureModel: 'Configure model',
  setApiKey: 'Set API key',
  retry: 'Retry',
  manageTrust: 'Trust folder',
  openSettings: 'Open settings',
  showLog: 'Show log',
};

/** A turn's error in place: the message, one button per action, and a rate limit's countdown before Retry. */
export function ErrorBlock({ turn, now }: { turn: ChatTurn; now: number }): JSX.Element | null {
  const error = turn.error;
  if (!error) return null;
  const wait = error.retryAt !== undefined ? secondsUntil(error.retryAt, now) : 0;
  return (
    <div class="error-block" role="alert">
      <p class="error-message">
        <span class="codicon codicon-error" aria-hidden="true" /> {error.message}
      </p>
      {wait > 0 && <p class="retry-countdown">Rate limited — you can retry in {wait} s.</p>}
      {error.actions.length > 0 && (
        <div class="error-actions">
          {error.actions.map((action) => (
            <button
              key={action}
              type="button"
              class={action === error.actions[0] ? 'primary' : 'secondary'}
              disabled={action === 'retry' && wait > 0}
              data-action={action}
              onClick={() => chatApi.postMessage({ type: 'errorAction', action, turnId: turn.id })}
            >
              {action === 'retry' && wait > 0 ? `Retry (${wait} s)` : actionLabels[action]}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
