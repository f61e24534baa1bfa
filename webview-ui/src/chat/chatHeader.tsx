import type { JSX } from 'preact';
import type { ChatModelInfo } from '../../../src/core/protocol/chatProtocol';
import { chatApi } from './chatApi';

interface ChatHeaderProps {
  workspaceName: string;
  model: ChatModelInfo | undefined;
  trusted: boolean;
  /** False until the host's first state: nothing is known yet, so nothing is claimed. */
  loaded: boolean;
}

/** Workspace, model and New conversation; a notice with Trust folder while the folder is in Restricted Mode. */
export function ChatHeader({ workspaceName, model, trusted, loaded }: ChatHeaderProps): JSX.Element {
  return (
    <header class="chat-header">
      <div class="header-row">
        <div class="header-text">
          <span class="workspace-name" title="Workspace">
            <span class="codicon codicon-root-folder" aria-hidden="true" />{' '}
            {loaded ? workspaceName || 'No folder open' : 'Connecting…'}
          </span>
          {!loaded ? null : model ? (
            <span class="model-label" title="Model">
              <span class="codicon codicon-sparkle" aria-hidden="true" /> {model.label}
            </span>
          ) : (
            <span class="model-label missing">
              No model configured{' '}
              <button
                type="button"
                class="link-button"
                aria-label="Configure model"
                onClick={() => chatApi.postMessage({ type: 'errorAction', action: 'configureModel', turnId: '' })}
              >
                Configure
              </button>
            </span>
          )}
        </div>
        <button
          type="button"
          class="icon-button"
          aria-label="New conversation"
          title="New conversation"
          onClick={() => chatApi.postMessage({ type: 'newConversation' })}
        >
          <span class="codicon codicon-add" aria-hidden="true" />
        </button>
      </div>
      {loaded && !trusted && (
        <div class="trust-notice" role="note">
          <p>
            <span class="codicon codicon-shield" aria-hidden="true" /> This folder is in Restricted Mode: nothing is
            read or sent to a model until you trust it.
          </p>
          <button
            type="button"
            class="primary"
            aria-label="Trust folder"
            onClick={() => chatApi.postMessage({ type: 'errorAction', action: 'manageTrust', turnId: '' })}
          >
            Trust folder
          </button>
        </div>
      )}
    </header>
  );
}
