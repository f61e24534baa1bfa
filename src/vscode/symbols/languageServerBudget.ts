import * as vscode from 'vscode';
import type { PreciseLimits } from './symbolServiceOptions';
import type { PreciseSummary } from './preciseTypes';

const timedOut = Symbol('timedOut');

/**
 * Language-server requests of one precise query under a time, count and cancellation budget. A request
 * that cannot be made or answered in time yields undefined: the caller keeps the index's answer.
 */
export class LanguageServerBudget {
  requests = 0;
  answered = false;
  stoppedBy: PreciseSummary['stoppedBy'];
  private readonly deadline: number;
  private readonly answers = new Map<string, Promise<unknown>>();

  constructor(
    private readonly limits: PreciseLimits,
    private readonly signal?: AbortSignal,
    private readonly onError?: (command: string, error: unknown) => void,
  ) {
    this.deadline = Date.now() + limits.timeoutMs;
  }

  /** Runs a VS Code API command (`vscode.executeDefinitionProvider`, ...) if the budget allows. */
  async ask<T>(command: string, ...args: unknown[]): Promise<T | undefined> {
    if (this.signal?.aborted) {
      this.stoppedBy = 'cancelled';
      return undefined;
    }
    if (this.requests >= this.limits.maxRequests) {
      this.stoppedBy ??= 'requests';
      return undefined;
    }
    const left = this.deadline - Date.now();
    if (left <= 0) {
      this.stoppedBy ??= 'time';
      return undefined;
    }
    this.requests++;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const stop = new Promise<typeof timedOut>((resolve) => {
      timer = setTimeout(() => resolve(timedOut), left);
      onAbort = () => resolve(timedOut);
      this.signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const result = await Promise.race([vscode.commands.executeCommand<T>(command, ...args), stop]);
      if (result === timedOut) {
        this.stoppedBy ??= this.signal?.aborted ? 'cancelled' : 'time';
        return undefined;
      }
      if (Array.isArray(result) ? result.length > 0 : result !== undefined && result !== null) this.answered = true;
      return result;
    } catch (error) {
      this.onError?.(command, error);
      return undefined;
    } finally {
      clearTimeout(timer);
      if (onAbort) this.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Like `ask`, but asks once per key for the whole query. */
  askOnce<T>(key: string, command: string, ...args: unknown[]): Promise<T | undefined> {
    let answer = this.answers.get(key) as Promise<T | undefined> | undefined;
    if (!answer) {
      answer = this.ask<T>(command, ...args);
      this.answers.set(key, answer);
    }
    return answer;
  }

  /** Maps items with at most `concurrency` requests in flight, results in input order. */
  async map<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
    const results = new Array<R>(items.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < items.length) {
        const index = next++;
        results[index] = await run(items[index]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.limits.concurrency, items.length) }, worker));
    return results;
  }
}
