import * as vscode from 'vscode';
import { defaultRetryPolicy } from '../../core/llm/retryPolicy';
import { userValue } from '../settingLevels';

/**
 * `rlm.model.maxRateLimitWaitSeconds` in ms: what a model call waits for a rate limit without asking (0: always ask).
 * The user's value only (application-scoped, like the endpoint it is about): a folder cannot make runs wait longer.
 */
export function readMaxRateLimitWaitMs(): number {
  const value = userValue(vscode.workspace.getConfiguration('rlm.model').inspect<unknown>('maxRateLimitWaitSeconds'));
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? Math.round(value * 1000)
    : defaultRetryPolicy.maxRateLimitWaitMs;
}
