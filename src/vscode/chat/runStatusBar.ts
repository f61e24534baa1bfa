import * as vscode from 'vscode';
import type { ChatMeter, ChatProgress } from '../../core/protocol/chatProtocol';

const runActiveKey = 'rlm.runActive';

/** The status-bar item while a run goes, and the `rlm.runActive` context key (Escape stops the run). */
export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('rlm.run', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'RLM Run';
    this.item.command = 'rlm.showRecursionTree';
  }

  started(question: string): void {
    this.item.text = '$(loading~spin) RLM: starting';
    this.item.tooltip = new vscode.MarkdownString().appendText(
      `RLM is exploring: ${question}\n\nClick to show the recursion tree.`,
    );
    this.item.show();
    void vscode.commands.executeCommand('setContext', runActiveKey, true);
  }

  update(progress: ChatProgress, meter: ChatMeter): void {
    const unknown = (meter.unpricedModels?.length ?? 0) > 0 && meter.costUsd === 0;
    const cost = unknown
      ? 'cost unknown'
      : `$${meter.costUsd.toFixed(4)}${meter.costComplete && !meter.unpricedModels ? '' : '+'}`;
    this.item.text = `$(loading~spin) RLM: iteration ${progress.iteration} · ${cost}`;
  }

  ended(): void {
    this.item.hide();
    void vscode.commands.executeCommand('setContext', runActiveKey, false);
  }

  dispose(): void {
    this.item.dispose();
  }
}
