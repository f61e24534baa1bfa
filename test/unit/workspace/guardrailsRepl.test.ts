import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplSession } from '../../../src/core/sandbox/replSession';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';

// The same guardrails as model code meets them: through the REPL functions, the way `rlm ask` runs a cell.
describe('workspace guardrails through the REPL functions', () => {
  let root: string;
  let repl: ReplSession;

  beforeAll(async () => {
    root = mkdtempSync(nodePath.join(tmpdir(), 'rlm-guardrails-repl-'));
    mkdirSync(nodePath.join(root, '.git'));
    writeFileSync(
      nodePath.join(root, '.git', 'config'),
      '[remote "origin"]\n\turl = https://user:ghp_token@example.com/r.git\n',
    );
    writeFileSync(nodePath.join(root, 'redos.txt'), `${'a'.repeat(40)}!x\n`);
    execFileSync('mkfifo', [nodePath.join(root, 'pipe')]);
    repl = await ReplSession.create(
      {
        workspace: new NodeWorkspace({ roots: root, ripgrep: false }),
        subCall: async (prompt) => prompt,
        childRun: async (query) => query,
      },
      { subCallConcurrency: 2 },
    );
  });
  afterAll(() => {
    repl.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('greps a backtracking pattern, and refuses .git, a FIFO and an unbounded glob with clear errors', async () => {
    expect((await repl.runCell('grep("(a+)+$|x").map((m) => m.file + ":" + m.line).join()')).output).toBe(
      '→ redos.txt:1',
    );
    const git = await repl.runCell('readFile(".git/config")');
    expect(git.error).toMatch(/\.git\/config: refused, it is inside the version-control folder "\.git"/);
    expect(`${git.output}${git.error}`).not.toContain('ghp_token');
    expect((await repl.runCell('readFile("pipe")')).error).toMatch(
      /pipe: is a named pipe \(FIFO\), not a regular file/,
    );
    expect((await repl.runCell('listFiles("{1..40000000}")')).error).toMatch(/braces expand to more than 100 patterns/);
    for (const cell of ['readFile("pipe")', 'readFile(".git/config")', 'readFile("missing.ts")']) {
      expect((await repl.runCell(cell)).error, cell).not.toContain(root);
    }
  });
});
