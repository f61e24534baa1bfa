import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReplSession } from '../../../src/core/sandbox/replSession';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';

const root = mkdtempSync(join(tmpdir(), 'sandbox-worker-'));
writeFileSync(join(root, 'a.ts'), 'export const a = 1;\n');
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function open(cellCpuMs: number): Promise<ReplSession> {
  return ReplSession.create(
    {
      workspace: new NodeWorkspace({ roots: root, ripgrep: false }),
      subCall: async (p) => p,
      childRun: async (q) => q,
    },
    { cellCpuMs },
  );
}

/** Counts ticks of a 5 ms interval while `work` runs: a blocked event loop would not tick at all. */
async function ticksDuring<T>(work: Promise<T>): Promise<{ result: T; ticks: number }> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  try {
    return { result: await work, ticks };
  } finally {
    clearInterval(timer);
  }
}

describe('the sandbox runs in a worker thread', () => {
  it('keeps the host event loop running while a cell computes, and cancels a busy cell at once, keeping variables', async () => {
    const repl = await open(60_000);
    try {
      await repl.runCell('var kept = 41');
      const controller = new AbortController();
      let ticksAtCancel = -1;
      let ticks = 0;
      const counter = setInterval(() => {
        ticks++;
        if (ticks === 40) {
          // the loop ran for 40 host ticks: the host was free all along
          ticksAtCancel = ticks;
          controller.abort();
        }
      }, 5);
      const busy = await repl.runCell('while (true) {}', controller.signal).finally(() => clearInterval(counter));
      expect(ticksAtCancel).toBe(40);
      expect(busy.stop).toBe('cancelled');
      expect(busy.error).toBe('Stopped: the run was cancelled.');
      expect(busy.sessionReset).toBe(false);
      expect((await repl.runCell('kept + 1')).output).toBe('→ 42');
    } finally {
      repl.dispose();
    }
  });

  it('lets host timers run while a cell uses its CPU allowance, then stops the cell', async () => {
    const repl = await open(300);
    try {
      const { result, ticks } = await ticksDuring(repl.runCell('let n = 0\nwhile (true) n++'));
      expect(result.stop).toBe('cpu-time');
      expect(ticks).toBeGreaterThan(5);
    } finally {
      repl.dispose();
    }
  });

  it('ends a running cell when the session is disposed, telling the model its variables are gone, and refuses new cells', async () => {
    const repl = await open(10_000);
    try {
      await repl.runCell('var lost = 1');
      const controller = new AbortController();
      const running = repl.runCell('while (true) {}', controller.signal);
      repl.dispose();
      const crashed = await running;
      expect(crashed.sessionReset).toBe(true);
      expect(crashed.error).toMatch(/The sandbox crashed \(the session was disposed\)/);
      await expect(repl.runCell('1')).rejects.toThrow(/disposed/);
    } finally {
      repl.dispose();
    }
  });
});
