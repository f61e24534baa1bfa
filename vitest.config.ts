import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 30_000,
    // Tests wait on events with expect.poll; on a loaded machine an event can take seconds, so the default 1 s is
    // too short to mean "it never happened".
    expect: { poll: { timeout: 20_000, interval: 20 } },
    pool: 'forks',
  },
});
