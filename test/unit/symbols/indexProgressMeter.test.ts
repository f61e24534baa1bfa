import { describe, expect, it } from 'vitest';
import { IndexProgressMeter } from '../../../src/core/symbols/indexProgressMeter';

const event = (done: number, total: number) => ({ type: 'progress' as const, done, total, file: `f${done}.c` });

describe('index progress meter', () => {
  it('says counts first, then the parse rate and time left, not counting files reused from the cache', () => {
    let now = 0;
    const meter = new IndexProgressMeter(() => now);
    // 20,000 files came from the cache before the first parsed file was reported.
    expect(meter.text(event(20_001, 55_418))).toBe('20,001 of 55,418 files');
    now = 1000;
    expect(meter.text(event(20_301, 55_418))).toBe('20,301 of 55,418 files');
    now = 4000;
    // 1,200 files parsed in 4 s: 300 files/s, 34,218 left: 115 s.
    expect(meter.read(event(21_200, 55_418))).toEqual({
      done: 21_200,
      total: 55_418,
      filesPerSecond: 300,
      secondsLeft: 34_218 / 300,
    });
    expect(meter.text(event(21_200, 55_418))).toBe('21,200 of 55,418 files · 300 files/s · about 2 min left');
    now = 10_000;
    expect(meter.text(event(55_400, 55_418))).toBe('55,400 of 55,418 files · 3,540 files/s · almost done');
  });

  it('words long builds in hours and short ones in seconds', () => {
    let now = 0;
    const slow = new IndexProgressMeter(() => now);
    slow.read(event(1, 100_000));
    now = 10_000;
    expect(slow.text(event(10, 100_000))).toBe('10 of 100,000 files · 1 files/s · about 27 h 47 min left');
    now = 0;
    const quick = new IndexProgressMeter(() => now);
    quick.read(event(1, 1000));
    now = 2500;
    expect(quick.text(event(500, 1000))).toBe('500 of 1,000 files · 200 files/s · about 3 s left');
  });
});
