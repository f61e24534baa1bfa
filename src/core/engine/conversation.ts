import type { SandboxLimits, SandboxSymbolService } from '../sandbox/sandboxTypes';
import type { Workspace } from '../workspace/workspace';
import { RlmEngine, type ReplFactory, type RlmSession } from './rlmEngine';

/** The fixed parts a conversation's session is opened with; a change of workspace or sandbox limits opens a new one. */
export interface ConversationSetting {
  workspace: Workspace;
  symbols?: SandboxSymbolService;
  sandboxLimits?: Partial<SandboxLimits>;
  createRepl?: ReplFactory;
}

/**
 * The REPL session behind a conversation: follow-up questions keep its variables and see earlier answers. It is
 * reopened when the workspace or the sandbox limits change, starting from `history()` (the conversation's earlier
 * answers), so follow-ups after a reload or a settings change still see them. The models and the event sink are
 * not part of it: each question passes its own (see QuestionService).
 */
export class Conversation {
  private session: Promise<RlmSession> | undefined;
  private workspace: Workspace | undefined;
  private sandboxKey = '';

  constructor(private readonly history: () => readonly { question: string; answer: string }[] = () => []) {}

  /** The session for this setting, opened on first use and reused while the setting stays the same. */
  open(setting: ConversationSetting): Promise<RlmSession> {
    const key = JSON.stringify(setting.sandboxLimits ?? {});
    if (this.session && (this.workspace !== setting.workspace || this.sandboxKey !== key)) this.dispose();
    if (!this.session) {
      this.workspace = setting.workspace;
      this.sandboxKey = key;
      const engine = new RlmEngine(setting);
      const opening = engine.openSession({ history: this.history() });
      // A sandbox that could not start is retried by the next question.
      opening.catch(() => {
        if (this.session === opening) this.session = undefined;
      });
      this.session = opening;
    }
    return this.session;
  }

  dispose(): void {
    const session = this.session;
    this.session = undefined;
    this.workspace = undefined;
    session?.then(
      (s) => s.dispose(),
      () => undefined,
    );
  }
}
