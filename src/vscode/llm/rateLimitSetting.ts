import * as vscode from 'vscode';
import { defaultRetryPolicy } from '../../core/llm/retryPolicy';

/** `rlm.model.maxRateLimitWaitSeconds` in ms: what a model call waits for a rate limit without asking (0: always ask). */
export function readMaxRateLimitWaitMs(): number {
  const value = vscode.workspace.getConfiguration('rlm.model').get<unknown>('maxRateLimitWaitSeconds');
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? Math.round(value * 1000)
    : defaultRetryPolicy.maxRateLimitWaitMs;
}
