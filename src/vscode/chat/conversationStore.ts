import type * as vscode from 'vscode';
import type { ChatTurn, TurnStatus } from '../../core/protocol/chatProtocol';
import { parseChatContext } from '../../core/protocol/chatMessageSchema';
import { reloadStoppedDetail, userStoppedDetail } from './turnOutcome';

const legacyStopDetails: Readonly<Record<string, string>> = {
  'You stopped the run.': userStoppedDetail,
  'the window was reloaded': reloadStoppedDetail,
};

const storageKey = 'rlm.chat.conversation';
const maxStoredTurns = 200;
const statuses: ReadonlySet<string> = new Set<TurnStatus>(['running', 'answered', 'limited', 'stopped', 'failed']);

interface StoredConversation {
  version: 1;
  turns: ChatTurn[];
}

/**
 * The workspace's one conversation, kept in workspaceState so a reload brings it back. A turn still 'running' when
 * the window went away comes back 'stopped'.
 */
export class ConversationStore {
  constructor(private readonly state: vscode.Memento) {}

  load(): ChatTurn[] {
    return this.stored().map((turn) => {
      if (turn.status === 'running') return { ...turn, status: 'stopped', detail: reloadStoppedDetail };
      // Conversations saved by earlier versions said "Stopped: You stopped the run.": show them in today's words.
      const renamed =
        turn.status === 'stopped' && turn.detail !== undefined ? legacyStopDetails[turn.detail] : undefined;
      return renamed ? { ...turn, detail: renamed } : turn;
    });
  }

  /** True when a turn was saved while running: the window went away mid-run. */
  hasInterruptedTurn(): boolean {
    return this.stored().some((turn) => turn.status === 'running');
  }

  private stored(): ChatTurn[] {
    const list = (this.state.get<unknown>(storageKey) as Partial<StoredConversation> | undefined)?.turns;
    return Array.isArray(list) ? list.filter(isStoredTurn) : [];
  }

  async save(turns: readonly ChatTurn[]): Promise<void> {
    const stored: StoredConversation = { version: 1, turns: turns.slice(-maxStoredTurns) };
    await this.state.update(storageKey, stored);
  }
}

/** workspaceState is ours, but a downgrade or a hand edit can leave anything there: keep only whole turns. */
function isStoredTurn(value: unknown): value is ChatTurn {
  if (typeof value !== 'object' || value === null) return false;
  const turn = value as Record<string, unknown>;
  return (
    typeof turn.id === 'string' &&
    typeof turn.question === 'string' &&
    typeof turn.answer === 'string' &&
    typeof turn.status === 'string' &&
    statuses.has(turn.status) &&
    typeof turn.startedAt === 'number' &&
    (turn.context === undefined || parseChatContext(turn.context) !== undefined)
  );
}
