import type { IndexProgress } from './symbolIndex';

/** What a progress line says about an index build: counts, and once there is a pace to go by, rate and time left. */
export interface IndexProgressReading {
  done: number;
  total: number;
  /** Files parsed per second so far (files taken from the cache are not counted). */
  filesPerSecond?: number;
  secondsLeft?: number;
}

/** Parsing has to run this long before the rate and time left mean anything. */
const settleMs = 2000;

/**
 * Turns a build's progress events into "12,345 of 55,418 files · 310 files/s · about 3 min left". The rate counts
 * from the first event, so files reused from the cache (reported at once) do not inflate it.
 */
export class IndexProgressMeter {
  private start: { at: number; done: number } | undefined;

  constructor(private readonly now: () => number = () => performance.now()) {}

  read(event: IndexProgress): IndexProgressReading {
    const at = this.now();
    this.start ??= { at, done: event.done - 1 };
    const reading: IndexProgressReading = { done: event.done, total: event.total };
    const elapsed = at - this.start.at;
    const parsed = event.done - this.start.done;
    if (elapsed < settleMs || parsed <= 0) return reading;
    const filesPerSecond = (parsed * 1000) / elapsed;
    return { ...reading, filesPerSecond, secondsLeft: (event.total - event.done) / filesPerSecond };
  }

  text(event: IndexProgress): string {
    return describeIndexProgress(this.read(event));
  }
}

function describeIndexProgress(reading: IndexProgressReading): string {
  const counts = `${reading.done.toLocaleString('en-US')} of ${reading.total.toLocaleString('en-US')} files`;
  if (reading.filesPerSecond === undefined || reading.secondsLeft === undefined) return counts;
  return `${counts} · ${Math.round(reading.filesPerSecond).toLocaleString('en-US')} files/s · ${timeLeft(reading.secondsLeft)}`;
}

function timeLeft(seconds: number): string {
  if (seconds < 1) return 'almost done';
  if (seconds < 60) return `about ${Math.ceil(seconds)} s left`;
  if (seconds < 3600) return `about ${Math.ceil(seconds / 60)} min left`;
  const hours = Math.floor(seconds / 3600);
  return `about ${hours} h ${Math.ceil((seconds - hours * 3600) / 60)} min left`;
}
