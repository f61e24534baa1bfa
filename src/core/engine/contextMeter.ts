/**
 * The context meter: folds a run tree's events into how much context the run used (the largest root prompt, what
 * sub-calls read, the files it touched) and sets that against what pasting would have cost (those files whole, and
 * the whole workspace).
 */
import type { Workspace } from '../workspace/workspace';
import type { ContextFigures } from './contextMeterText';
import type { RunEvent } from './runEvents';
import { filesTokens, workspaceSize, type WorkspaceSize } from './workspaceSize';

/** How long the end of a run waits for a first workspace measurement still under way; later runs reuse it. */
const workspaceWaitMs = 5_000;

export class ContextMeter {
  private rootPromptTokens = 0;
  private rootPromptEstimated = false;
  private subCallInputTokens = 0;
  private subCallsEstimated = false;
  private readonly touched = new Set<string>();

  /** Every event of the run tree (root and child runs). */
  add(event: RunEvent): void {
    if (event.type === 'model-reply') {
      if (event.usage.inputTokens >= this.rootPromptTokens) {
        this.rootPromptTokens = event.usage.inputTokens;
        this.rootPromptEstimated = event.usage.estimated;
      }
    } else if (event.type === 'sub-call' && event.usage) {
      this.subCallInputTokens += event.usage.inputTokens;
      this.subCallsEstimated ||= event.usage.estimated;
    } else if (event.type === 'output' && event.files) {
      for (const file of event.files) this.touched.add(file);
    }
  }

  /** The figures so far; file sizes are looked up now, the workspace's from its cached estimate. */
  async figures(
    workspace: Workspace,
    size: Promise<WorkspaceSize | undefined> = workspaceSize(workspace),
  ): Promise<ContextFigures> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), workspaceWaitMs);
    });
    const [touchedFileTokens, whole] = await Promise.all([
      filesTokens(workspace, [...this.touched]),
      Promise.race([size, late]),
    ]);
    clearTimeout(timer);
    return {
      rootPromptTokens: this.rootPromptTokens,
      rootPromptEstimated: this.rootPromptEstimated,
      subCallInputTokens: this.subCallInputTokens,
      subCallsEstimated: this.subCallsEstimated,
      touchedFiles: this.touched.size,
      touchedFileTokens,
      ...(whole ? { workspaceFiles: whole.files, workspaceTokens: whole.tokens } : {}),
    };
  }
}
