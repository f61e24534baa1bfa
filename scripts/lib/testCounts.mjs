// Reads how many tests passed and failed from a test runner's output.

// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[[0-9;]*m/g;

/** Counts from our runners' closing line ("label: N passed, N failed") or vitest's "Tests  1 failed | 11 passed (12)". */
export function parseTestCounts(output) {
  const text = output.replace(ansi, '');
  const plain = [...text.matchAll(/^\s*\w+: (\d+) passed, (\d+) failed\s*$/gm)].pop();
  if (plain) return { passed: Number(plain[1]), failed: Number(plain[2]) };
  const vitest = [...text.matchAll(/^\s*Tests\s+(.*)\(\d+\)\s*$/gm)].pop();
  if (vitest) {
    const count = (word) => Number(vitest[1].match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
    return { passed: count('passed'), failed: count('failed') };
  }
  return null;
}
