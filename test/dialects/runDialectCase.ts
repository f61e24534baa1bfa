/**
 * Runs one dialect case through the real engine: its turns come from the scripted server over HTTP, in order; the
 * sub-model answers "summary of <prompt>"; a reply the engine could not use costs a turn, answered by a fallback that
 * gives up with a wrong answer, so a failure shows in the answer and in the turns counted.
 */
import type { RunResult } from '../../src/core/engine/rlmEngine';
import type { ScriptRule } from '../../src/testing/scriptRules';
import { startHarness, type Harness } from '../unit/engine/engineHarness';
import type { DialectCase } from './replyCorpus';

export interface DialectOutcome {
  result: RunResult;
  /** Every message the engine sent the root model after its first question. */
  toldRoot: string[];
  /** Sub-calls the scripted server saw at once, at most. */
  subCallsAtOnce: number;
}

export async function runDialectCase(
  dialect: DialectCase,
  harness?: { keep: (h: Harness) => void },
): Promise<DialectOutcome> {
  let inFlight = 0;
  let subCallsAtOnce = 0;
  const rules: ScriptRule[] = [
    ...dialect.turns.map((reply, i): ScriptRule => ({
      name: `turn ${i + 1}`,
      match: { model: 'root-model' },
      reply,
      times: 1,
    })),
    { name: 'fallback', match: { model: 'root-model' }, reply: 'FINAL(gave up)' },
    {
      name: 'sub-model',
      match: { model: 'sub-model' },
      delayMs: 40,
      reply: async (request) => {
        inFlight++;
        subCallsAtOnce = Math.max(subCallsAtOnce, inFlight);
        // Held until the next turn of the event loop so calls sent together overlap here.
        await new Promise<void>((resolve) => setImmediate(resolve));
        inFlight--;
        return `summary of ${request.messages.at(-1)?.content.replace(/^Summarise /, '') ?? ''}`;
      },
    },
  ];
  const h = await startHarness(rules);
  harness?.keep(h);
  try {
    const result = await h.engine.run('Where is the session created, and who calls it?', {
      limits: { maxIterations: 4 },
    });
    const toldRoot = h.server.requests
      .filter((r) => r.model === 'root-model')
      .flatMap((r) =>
        r.messages
          .filter((m) => m.role === 'user')
          .slice(1)
          .map((m) => m.content),
      );
    return { result, toldRoot: [...new Set(toldRoot)], subCallsAtOnce };
  } finally {
    await h.close();
  }
}
