import * as nodePath from 'node:path';

/** True when a `path.relative` result leaves its base folder ('..', '../x' or another drive), not for '..x'. */
export function climbsOut(relative: string): boolean {
  return relative === '..' || relative.startsWith(`..${nodePath.sep}`) || nodePath.isAbsolute(relative);
}
