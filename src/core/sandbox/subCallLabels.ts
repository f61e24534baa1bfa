/**
 * Names for the sub-calls of one batch, so the recursion tree and the timeline tell them apart: what follows the
 * words every prompt shares ("Summarise src/a.ts" and "Summarise src/b.ts" become "src/a.ts" and "src/b.ts").
 */
const maxLabelChars = 60;

export function distinguishingLabels(prompts: readonly string[]): string[] {
  const words = prompts.map((prompt) => prompt.replace(/\s+/g, ' ').trim().split(' '));
  let shared = 0;
  if (prompts.length > 1) {
    const shortest = Math.min(...words.map((w) => w.length));
    while (shared < shortest - 1 && words.every((w) => w[shared] === words[0][shared])) shared++;
  }
  return words.map((w, i) => {
    const rest = w.slice(shared).join(' ');
    const label = rest.length > maxLabelChars ? `${rest.slice(0, maxLabelChars - 1)}…` : rest;
    return label || `prompt ${i + 1}`;
  });
}
