/**
 * The `direct` baseline (the paper's base model): the workspace's files pasted into one prompt, in path order,
 * until the model's context window is full; the files left out are counted and the prompt says so.
 */
import { readFile, stat } from 'node:fs/promises';
import { conservativeTokens } from '../llm/tokenEstimate';
import { findPrivateKey } from '../workspace/text/findPrivateKey';
import type { Workspace } from '../workspace/workspace';

export interface DirectContext {
  /** The files as pasted, each under a `=== path ===` header with numbered lines, then the note on what was left out. */
  text: string;
  includedFiles: number;
  totalFiles: number;
  /** Files left out because they did not fit (or could not be read as text). */
  omittedFiles: number;
  /** Tokens the pasted files take, as sized for the window (bytes / 3, on the safe side). */
  tokens: number;
  contextWindow: number;
  /** Output tokens the direct call may write; the files fill the window less this and the question. */
  maxOutputTokens: number;
}

export interface DirectWindow {
  contextWindow: number;
  /** The run limit on one call's output; at most a quarter of the window is kept for the answer. */
  maxTokensPerCall: number;
  /** Tokens of the longest question and the system prompt, kept free. */
  reservedTokens: number;
}

/** Headers and the left-out note besides the files. */
const slackTokens = 256;

/** Larger files are left out: they would fill most windows alone, and are rarely source. */
const maxFileBytes = 512 * 1024;
/** Once the prompt is this full, the first file that does not fit ends the packing (no read of every file left). */
const fullEnough = 0.95;
/** After this many files in a row that do not fit, packing stops: the rest of a huge tree is not read. */
const maxMissesInARow = 50;

export async function packWorkspace(
  workspace: Workspace,
  window: DirectWindow,
  signal?: AbortSignal,
): Promise<DirectContext> {
  const { contextWindow } = window;
  const maxOutputTokens = Math.max(1, Math.min(window.maxTokensPerCall, Math.floor(contextWindow / 4)));
  const budgetTokens = Math.max(0, contextWindow - maxOutputTokens - window.reservedTokens - slackTokens);
  const list = await workspace.listFiles(undefined, { maxResults: Number.MAX_SAFE_INTEGER, signal });
  const parts: string[] = [];
  let used = 0;
  let misses = 0;
  for (const path of list.files) {
    signal?.throwIfAborted();
    if (used >= budgetTokens * fullEnough || misses >= maxMissesInARow) break;
    const text = await readText(workspace, path);
    if (text === undefined) continue;
    const numbered = text
      .split('\n')
      .map((line, i) => `${i + 1}| ${line}`)
      .join('\n');
    const block = `=== ${path} ===\n${numbered}\n`;
    const tokens = conservativeTokens(block);
    if (used + tokens > budgetTokens) {
      misses++;
      continue;
    }
    misses = 0;
    parts.push(block);
    used += tokens;
  }
  const omitted = list.total - parts.length;
  const note =
    omitted > 0
      ? `[${omitted} of ${list.total} files were left out: they did not fit the model's ${contextWindow}-token context window. Answer from the files above.]`
      : `[All ${list.total} files of the workspace are above.]`;
  return {
    text: `${parts.join('\n')}\n${note}`,
    includedFiles: parts.length,
    totalFiles: list.total,
    omittedFiles: omitted,
    tokens: used,
    contextWindow,
    maxOutputTokens,
  };
}

async function readText(workspace: Workspace, path: string): Promise<string | undefined> {
  try {
    const { fsPath } = await workspace.locate(path);
    if ((await stat(fsPath)).size > maxFileBytes) return undefined;
    const text = await readFile(fsPath, 'utf8');
    // Left out like a file readFile refuses: binary, or holding a private key.
    return text.includes('\u0000') || findPrivateKey(text) !== undefined ? undefined : text;
  } catch {
    return undefined;
  }
}
