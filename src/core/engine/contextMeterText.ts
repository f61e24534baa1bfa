/**
 * The context meter's figures and their one-line text. Dependency-free: the chat webview imports it too, so the
 * panel, the Recursion Tree, the CLI and the log all say the same words.
 */

/** How much context a run used, against what pasting the code would have cost. */
export interface ContextFigures {
  /** The largest prompt any root-model call of the run tree sent, in tokens. */
  rootPromptTokens: number;
  /** True when some root call's usage was counted locally (the endpoint sent none). */
  rootPromptEstimated: boolean;
  /** Input tokens of every sub-call, summed. */
  subCallInputTokens: number;
  subCallsEstimated: boolean;
  /** Distinct files the run read (readFile) or mapped (llmMap). */
  touchedFiles: number;
  /** Whole-file tokens of those files, estimated from their sizes on disk. */
  touchedFileTokens: number;
  /** Files the workspace lists and their estimated tokens; absent when the estimate was not ready. */
  workspaceFiles?: number;
  workspaceTokens?: number;
}

/** 950, 1.2k, 212k, 9.8M. */
export function formatTokenCount(count: number): string {
  if (count < 1000) return String(Math.round(count));
  if (count < 1_000_000) return `${trimZero((count / 1000).toFixed(count < 10_000 ? 1 : 0))}k`;
  return `${trimZero((count / 1_000_000).toFixed(1))}M`;
}

function trimZero(value: string): string {
  return value.endsWith('.0') ? value.slice(0, -2) : value;
}

/**
 * "root saw 6.1k tokens; sub-calls read 40k; the 14 files it touched are 212k; the workspace is 9.8M". A "~" marks a
 * count estimated locally rather than reported by the endpoint; file and workspace sizes are always estimates.
 */
export function contextMeterText(figures: ContextFigures): string {
  const parts = [
    `root saw ${figures.rootPromptEstimated ? '~' : ''}${formatTokenCount(figures.rootPromptTokens)} tokens`,
  ];
  if (figures.subCallInputTokens > 0)
    parts.push(`sub-calls read ${figures.subCallsEstimated ? '~' : ''}${formatTokenCount(figures.subCallInputTokens)}`);
  parts.push(
    figures.touchedFiles === 0
      ? 'it read no whole file'
      : `the ${figures.touchedFiles} file${figures.touchedFiles === 1 ? '' : 's'} it touched ${figures.touchedFiles === 1 ? 'is' : 'are'} ~${formatTokenCount(figures.touchedFileTokens)}`,
  );
  if (figures.workspaceTokens !== undefined)
    parts.push(`the workspace is ~${formatTokenCount(figures.workspaceTokens)}`);
  return parts.join('; ');
}
