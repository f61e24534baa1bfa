// Timed, announced steps for the scripts' output.

/** Runs `action`, printing its title and then how long it took; rethrows its error. */
export async function timedStep(title, action) {
  const started = Date.now();
  console.log(`\n▶ ${title}`);
  try {
    const result = await action();
    console.log(`✔ ${title} (${seconds(Date.now() - started)})`);
    return result;
  } catch (error) {
    console.log(`✘ ${title} (${seconds(Date.now() - started)})`);
    throw error;
  }
}

export function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}
