/**
 * Turns a QuickJS error dump into what the model reads: name, message and the cell's own frames as line numbers.
 */
interface DumpedError {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
  lineNumber?: unknown;
}

const maxFrames = 5;

export function formatCellError(dumped: unknown, fileName: string): string {
  if (typeof dumped !== 'object' || dumped === null) return `Uncaught ${formatThrown(dumped)}`;
  const error = dumped as DumpedError;
  if (typeof error.name !== 'string' && typeof error.message !== 'string') return `Uncaught ${formatThrown(dumped)}`;
  const head = `${typeof error.name === 'string' ? error.name : 'Error'}: ${typeof error.message === 'string' ? error.message : formatThrown(dumped)}`;
  const frames = (typeof error.stack === 'string' ? error.stack : '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.includes(fileName))
    .slice(0, maxFrames)
    .map((line) => line.replace(new RegExp(`${escapeRegExp(fileName)}:(\\d+):(\\d+)`), 'line $1, column $2'));
  if (frames.length) return `${head}\n  ${frames.join('\n  ')}`;
  return typeof error.lineNumber === 'number' ? `${head} (line ${error.lineNumber})` : head;
}

function formatThrown(value: unknown): string {
  try {
    return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
