import { rmSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptedModelServer } from '../../../src/testing/scriptedModelServer';
import type { ScriptRule } from '../../../src/testing/scriptRules';
import { cliBuilt, cliMissing, runCliProcess, startAskFixture } from './askProcess';

let repo: string | undefined;
let server: ScriptedModelServer | undefined;

beforeAll(() => {
  expect(cliBuilt(), cliMissing).toBe(true);
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (repo) rmSync(repo, { recursive: true, force: true });
});

async function start(rules: ScriptRule[]): Promise<Record<string, string>> {
  const fixture = await startAskFixture(rules, 'rlm-ask-ratelimit-');
  ({ repo, server } = fixture);
  return fixture.env;
}

describe('rlm ask when the endpoint rate-limits (built CLI, scripted server over HTTP)', () => {
  it('does not wait past --max-rate-limit-wait: it stops at once and says how to allow a longer wait', async () => {
    const env = await start([
      { match: { model: 'root-model' }, status: 429, retryAfter: 3600, errorMessage: 'Rate limit reached' },
    ]);
    const run = await runCliProcess(repo!, ['ask', 'Where is add?', '--max-rate-limit-wait', '5'], env);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(
      'asks to wait 3600 s more, longer than the 5 s you allow a call to wait for a rate limit',
    );
    expect(run.stderr).toContain('--max-rate-limit-wait');
    expect(server!.requests).toHaveLength(1); // it did not wait and ask again
  });

  it('waits a Retry-After within the allowance, says so, and answers', async () => {
    const env = await start([
      { match: { model: 'root-model' }, status: 429, retryAfter: 1, times: 1 },
      { match: { model: 'root-model' }, reply: 'FINAL(add is in src/lib/math.ts:2)' },
    ]);
    const run = await runCliProcess(repo!, ['ask', 'Where is add?'], { ...env, RLM_MAX_RATE_LIMIT_WAIT: '10' });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('add is in src/lib/math.ts:2\n');
    expect(run.stderr).toContain('rate limited: the endpoint asks to wait 1.0 s; waiting');
  });

  it('refuses a wait that is not a whole number of seconds', async () => {
    const env = await start([{ match: { model: 'root-model' }, reply: 'FINAL(unused)' }]);
    const run = await runCliProcess(repo!, ['ask', 'Where is add?', '--max-rate-limit-wait', 'soon'], env);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('--max-rate-limit-wait wants a whole number of at least 0');
  });
});
