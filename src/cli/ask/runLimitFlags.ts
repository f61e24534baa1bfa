import { parseCount } from '../commandArgs';
import { UsageError } from '../usageError';
import { MissingEndpointError, resolveAskEndpoint, type AskEndpoint } from './askSettings';
import type { RunLimits } from '../../core/engine/runLimits';

/**
 * The endpoint and limit flags `rlm ask`, `rlm eval` and `rlm mcp` share: one list, so a flag added here is
 * parsed, checked and worded the same way by every command that runs the engine.
 */
export const runLimitOptions = {
  model: { type: 'string' },
  'sub-model': { type: 'string' },
  'base-url': { type: 'string' },
  'max-depth': { type: 'string' },
  'max-iterations': { type: 'string' },
  'max-sub-calls': { type: 'string' },
  'max-cost': { type: 'string' },
  'max-tokens': { type: 'string' },
  pricing: { type: 'string' },
  timeout: { type: 'string' },
  'context-window': { type: 'string' },
} as const;

type RunLimitValues = Partial<Record<keyof typeof runLimitOptions, string | boolean | string[]>>;

const countFlags: [flag: keyof typeof runLimitOptions, key: keyof RunLimits, min: number][] = [
  ['max-depth', 'maxDepth', 0],
  ['max-iterations', 'maxIterations', 1],
  ['max-sub-calls', 'maxSubCalls', 0],
  ['max-tokens', 'maxTokens', 1],
];

/** The run limits the flags name; a limit not given is left to the engine's default. */
export function parseRunLimits(command: string, values: RunLimitValues): Partial<RunLimits> {
  const limits: Partial<RunLimits> = {};
  for (const [flag, key, min] of countFlags) {
    const value = parseCount(command, flag, values[flag], min);
    if (value !== undefined) limits[key] = value;
  }
  const maxCost = parseAmount(command, 'max-cost', values['max-cost']);
  const timeout = parseAmount(command, 'timeout', values.timeout);
  if (maxCost !== undefined) limits.maxCostUsd = maxCost;
  if (timeout !== undefined) limits.timeoutMs = Math.round(timeout * 1000);
  return limits;
}

/** --context-window, else RLM_CONTEXT_WINDOW; undefined leaves it to the endpoint's metadata. */
export function parseContextWindow(
  command: string,
  values: RunLimitValues,
  env: Readonly<Record<string, string | undefined>>,
): number | undefined {
  return parseCount(command, 'context-window', values['context-window'] ?? env.RLM_CONTEXT_WINDOW, 256);
}

/** The endpoint from the flags and the environment, or the error that says how to configure one. */
export function resolveFlagEndpoint(
  values: RunLimitValues,
  env: Readonly<Record<string, string | undefined>>,
): AskEndpoint | MissingEndpointError {
  try {
    return resolveAskEndpoint(
      {
        baseUrl: values['base-url'] as string | undefined,
        model: values.model as string | undefined,
        subModel: values['sub-model'] as string | undefined,
      },
      env,
    );
  } catch (error) {
    if (!(error instanceof MissingEndpointError)) throw error;
    return error;
  }
}

function parseAmount(command: string, flag: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (typeof value !== 'string' || !/^\d+(\.\d+)?$/.test(value) || number <= 0) {
    throw new UsageError(`--${flag} wants a positive number, got "${String(value)}". See rlm help ${command}.`);
  }
  return number;
}
