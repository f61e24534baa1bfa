// Reads how many tests passed and failed from a test runner's output.

// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[[0-9;]*m/g;

/** Counts from our runners' closing lines ("label: N passed, N failed", summed) or vitest's "Tests  1 failed | 11 passed (12)". */
export function parseTestCounts(output) {
  const text = output.replace(ansi, '');
  // A stage may run several suites (the integration tier runs a second, Restricted Mode, suite): count them all.
  const plain = [...text.matchAll(/^\s*\w+: (\d+) passed, (\d+) failed\s*$/gm)];
  if (plain.length) return plain.reduce((sum, m) => ({ passed: sum.passed + Number(m[1]), failed: sum.failed + Number(m[2]) }), { passed: 0, failed: 0 });
  const vitest = [...text.matchAll(/^\s*Tests\s+(.*)\(\d+\)\s*$/gm)].pop();
  if (vitest) {
    const count = (word) => Number(vitest[1].match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
    return { passed: count('passed'), failed: count('failed') };
  }
  return null;
}
