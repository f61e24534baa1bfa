import { WorkspaceError } from './workspaceError';

/** A read asked for lines that the file does not have, or for an empty range. */
export class InvalidLineRangeError extends WorkspaceError {
  readonly code = 'invalid-line-range';

  constructor(
    readonly path: string,
    readonly startLine: number,
    readonly endLine: number | undefined,
    readonly totalLines: number,
  ) {
    super(`${path}: ${describe(startLine, endLine, totalLines)}`);
  }
}

function describe(startLine: number, endLine: number | undefined, totalLines: number): string {
  const whole = totalLines === 0 ? 'the file is empty' : `the file has lines 1-${totalLines}`;
  if (!Number.isInteger(startLine) || startLine < 1)
    return `start line ${startLine} is not a line number; lines start at 1 (${whole}).`;
  if (endLine !== undefined && (!Number.isInteger(endLine) || endLine < startLine)) {
    return `end line ${endLine} comes before start line ${startLine}; give a range like ${startLine}-${startLine + 20}.`;
  }
  return `start line ${startLine} is past the end: ${whole}.`;
}
