import type { RunResult } from '../../core/engine/rlmEngine';

/** `rlm ask` exit codes; `rlm help ask` prints this table. */
export const askExitCodes = {
  answered: 0,
  failed: 1,
  usage: 2,
  noEndpoint: 3,
  refused: 4,
  limit: 5,
  cancelled: 130,
} as const;

export const askExitCodesUsage = [
  'Exit codes:',
  '  0    answered (the model called FINAL)',
  '  1    the run failed (endpoint unreachable or failing after retries, bad request, unexpected error)',
  '  2    bad command line',
  '  3    no model endpoint or model configured (the message says how)',
  '  4    the endpoint refused the API key (HTTP 401/403)',
  '  5    a limit was reached (iterations, depth, sub-calls, tokens, cost, timeout); the partial answer is on stdout',
  '  130  cancelled with Ctrl+C (the run log is still saved)',
];

export function askExitCode(result: Pick<RunResult, 'reason' | 'errorKind'>): number {
  switch (result.reason) {
    case 'final':
      return askExitCodes.answered;
    case 'cancelled':
      return askExitCodes.cancelled;
    case 'error':
      return result.errorKind === 'auth' ? askExitCodes.refused : askExitCodes.failed;
    default:
      return askExitCodes.limit;
  }
}
