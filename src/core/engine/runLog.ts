/**
 * Each run saved as JSON Lines, one event per line, appended as it happens so a failed run is still on disk.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RunEvent, RunEventSink } from './runEvents';

/**
 * A sink that appends every event to `path` (created with its folder if missing). `redact` sees each serialized
 * line before it is written (the CLI removes the API key should an endpoint echo it in an error).
 */
export function jsonlRunLog(path: string, redact: (line: string) => string = (line) => line): RunEventSink {
  mkdirSync(dirname(path), { recursive: true });
  // Streamed deltas repeat the model-reply that follows them; the log keeps the whole reply only.
  return (event) => {
    if (event.type !== 'model-delta') appendFileSync(path, `${redact(JSON.stringify(event))}\n`);
  };
}

/** Reads a run log back; a torn last line (the process died mid-write) is skipped, any other bad line throws. */
export function readRunLog(path: string): RunEvent[] {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  return lines.flatMap((line, index) => {
    try {
      return [JSON.parse(line) as RunEvent];
    } catch (error) {
      if (index === lines.length - 1) return [];
      throw new Error(
        `${path}:${index + 1} is not a run event (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
  });
}
