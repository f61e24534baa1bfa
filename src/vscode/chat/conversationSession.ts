import { RlmEngine, type RlmSession } from '../../core/engine/rlmEngine';
import type { RunEvent } from '../../core/engine/runEvents';
import type { SandboxLimits, SandboxSymbolService } from '../../core/sandbox/sandboxTypes';
import type { Workspace } from '../../core/workspace/workspace';
import { SwitchableClient } from './switchableClient';

export interface SessionTurn {
  onEvent: (event: RunEvent) => void;
}

/**
 * The REPL session behind the conversation: follow-up questions keep its variables and see earlier answers. It is
 * rebuilt when the workspace or the sandbox settings change; the model is swapped per turn (SwitchableClient).
 */
export class ConversationSession {
  readonly root = new SwitchableClient();
  readonly sub = new SwitchableClient();
  private session: Promise<RlmSession> | undefined;
  private workspace: Workspace | undefined;
  private sandboxKey = '';
  private turn: SessionTurn | undefined;

  /**
   * The session for this workspace and these sandbox limits, opened on first use. A new session starts from
   * `history` (the conversation's earlier answers), so follow-ups after a reload or a settings change still see them.
   */
  open(
    workspace: Workspace,
    symbols: SandboxSymbolService | undefined,
    sandboxLimits: Partial<SandboxLimits>,
    history: readonly { question: string; answer: string }[] = [],
  ): Promise<RlmSession> {
    const key = JSON.stringify(sandboxLimits);
    if (this.session && (this.workspace !== workspace || this.sandboxKey !== key)) this.dispose();
    if (!this.session) {
      this.workspace = workspace;
      this.sandboxKey = key;
      const engine = new RlmEngine({
        rootClient: this.root,
        subClient: this.sub,
        workspace,
        ...(symbols ? { symbols } : {}),
        sandboxLimits,
        onEvent: (event) => this.turn?.onEvent(event),
      });
      const opening = engine.openSession({ history });
      // A sandbox that could not start is retried by the next question.
      opening.catch(() => {
        if (this.session === opening) this.session = undefined;
      });
      this.session = opening;
    }
    return this.session;
  }

  /** Routes the engine's events to the turn that runs now. */
  bind(turn: SessionTurn | undefined): void {
    this.turn = turn;
  }

  dispose(): void {
    const session = this.session;
    this.session = undefined;
    this.workspace = undefined;
    session?.then((s) => s.dispose(), () => undefined);
  }
}
