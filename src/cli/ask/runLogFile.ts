import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A fresh run log path under `<cacheDir>/runs/`. The cache folder gets a `.gitignore` of `*`, so run logs and the
 * symbol index stay out of git, and out of the workspace listings the model sees, whatever the repo's own rules.
 */
export function newRunLogPath(cacheDir: string, now: Date = new Date()): string {
  const runs = join(cacheDir, 'runs');
  mkdirSync(runs, { recursive: true });
  const ignore = join(cacheDir, '.gitignore');
  if (!existsSync(ignore))
    writeFileSync(ignore, '# Written by rlm: run logs and the symbol index, never committed.\n*\n');
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return join(runs, `${stamp}-${randomBytes(3).toString('hex')}.jsonl`);
}
