/**
 * Turns a QuickJS error dump into what the model reads: name, message and the cell's own frames as line numbers.
 */
import { unknownNameHint } from './unknownNameHint';

interface DumpedError {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
  lineNumber?: unknown;
}

const maxFrames = 5;

/** `knownNames`: the REPL's globals, for "did you mean" on a name the cell used that does not exist. */
export function formatCellError(dumped: unknown, fileName: string, knownNames: readonly string[] = []): string {
  if (typeof dumped !== 'object' || dumped === null) return `Uncaught ${formatThrown(dumped)}`;
  const error = dumped as DumpedError;
  if (typeof error.name !== 'string' && typeof error.message !== 'string') return `Uncaught ${formatThrown(dumped)}`;
  const message = typeof error.message === 'string' ? error.message : formatThrown(dumped);
  const hint = error.name === 'ReferenceError' ? unknownNameHint(message, knownNames) : undefined;
  const head = `${typeof error.name === 'string' ? error.name : 'Error'}: ${message}${hint ? ` (${hint})` : ''}`;
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
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
