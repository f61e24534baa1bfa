import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    // A guard against hangs, not a speed check: on the shared 2-core machine under load (load average ~17 measured)
    // a test that spawns the CLI twice took 30 s, so 30 s failed tests that were only slow.
    testTimeout: 120_000,
    // Tests wait on events with expect.poll; on a loaded machine an event can take seconds, so the default 1 s is
    // too short to mean "it never happened".
    expect: { poll: { timeout: 20_000, interval: 20 } },
    pool: 'forks',
  },
});
