import type * as vscode from 'vscode';
import type { ChatTurn } from '../../core/protocol/chatProtocol';

/** The chat's live parts on the extension's API (`exports.chat`), for integration tests and other extensions. */
export interface ChatApi {
  /** The conversation as the panel shows it (copies). */
  turns(): ChatTurn[];
  /** The conversation as persisted in workspaceState, read back from there. */
  storedTurns(): ChatTurn[];
  /** Starts a turn; undefined when a run is already going (the user is told). */
  ask(question: string): Promise<ChatTurn | undefined>;
  /** Resolves with the turn once it has ended (at once when it already has). */
  turnEnded(turnId: string): Promise<ChatTurn>;
  readonly onDidEndTurn: vscode.Event<ChatTurn>;
  /** Stops the running turn; false when nothing runs. */
  stop(): boolean;
  newConversation(): Promise<void>;
}
