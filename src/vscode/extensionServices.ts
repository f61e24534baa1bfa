import type * as vscode from 'vscode';
import type { RunEvent } from '../core/engine/runEvents';
import type { Workspace } from '../core/workspace/workspace';
import type { ChatApi } from './chat/chatApi';
import type { ModelProvider } from './llm/modelClients';
import type { RunViews } from './runs/registerRunViews';
import type { VscodeSymbolService } from './symbols/vscodeSymbolService';
import type { TraceViewsApi } from './trace/registerTraceViews';
import type { EvalApi } from './eval/registerEvalCommand';

/** What the composition root builds once and hands to each feature's `register…` function. */
export interface ExtensionServices {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  /** The current workspace adapter, rebuilt when folders or settings change; undefined with no folder open. */
  workspace: () => Workspace | undefined;
  symbols: VscodeSymbolService;
  /**
   * Opens a workspace-relative path at a 1-based line (selecting through `endLine`), through the workspace's read
   * checks: paths from webviews and model output cannot open files outside the workspace or secret files.
   */
  openLocation(file: string, line: number, column?: number, endLine?: number): Promise<void>;
  /** Wraps a command body so it runs only with a trusted folder open; failures become a message and a log line. */
  withWorkspace(run: (workspace: Workspace) => Promise<void>): () => Promise<void>;
}

/** Receives every event of every run the extension starts (chat panel, @rlm, Explain with RLM). Must not throw. */
export interface RunRecorder {
  record(event: RunEvent): void;
}

/**
 * What `activate` returns: the extension's live parts, for the integration tests (which run in the same extension
 * host) and for other extensions. Each feature sets its field when it registers.
 */
export interface RlmExplorerApi {
  models?: ModelProvider;
  chat?: ChatApi;
  trace?: TraceViewsApi;
  /** The recursion tree, past runs and the timeline; also the RunRecorder the chat feeds. */
  runs?: RunViews;
  /** "RLM: Evaluate on this Workspace" and its last report. */
  eval?: EvalApi;
}
