import { describe, expect, it } from 'vitest';
import { addTimes, offlineSpans, trimCoverage } from './presence.js';

describe('presence coverage', () => {
  it('merges records within the grace period and leaves longer silences as gaps', () => {
    const cov = addTimes([], [0, 10, 20, 200, 210], 50);
    expect(cov).toEqual([
      [0, 20],
      [200, 210],
    ]);
    expect(offlineSpans(cov, 10, 50, null)).toEqual([
      { kind: 'station_offline', startedAt: 30, endedAt: 200, detail: { lastContactAt: 20 } },
    ]);
  });

  it('late records that fill the gap retract it, in any order', () => {
    const a = addTimes(addTimes([], [0, 10, 200], 50), [60, 110, 160], 50);
    const b = addTimes(addTimes([], [160, 60], 50), [200, 0, 110, 10], 50);
    expect(a).toEqual([[0, 200]]);
    expect(b).toEqual(a);
    expect(offlineSpans(a, 10, 50, null)).toEqual([]);
  });

  it('live: silence past the grace period is an open incident from the first missed round', () => {
    const cov = addTimes([], [0, 10], 50);
    expect(offlineSpans(cov, 10, 50, 55)).toEqual([]);
    expect(offlineSpans(cov, 10, 50, 61)).toEqual([
      { kind: 'station_offline', startedAt: 20, endedAt: null, detail: { lastContactAt: 10 } },
    ]);
  });

  it('live: after a dropped connection the shorter grace counts from the last contact', () => {
    const cov = addTimes([], [0, 10], 50);
    const dropped = { contactAt: 12, graceMs: 20 };
    expect(offlineSpans(cov, 10, 50, 30, dropped)).toEqual([]);
    // Same span (same start) as the ordinary grace would open later.
    expect(offlineSpans(cov, 10, 50, 33, dropped)).toEqual(offlineSpans(cov, 10, 50, 61));
  });

  it('trims old intervals but keeps the latest', () => {
    const cov = addTimes([], [0, 100, 200], 10);
    expect(trimCoverage(cov, 150)).toEqual([[200, 200]]);
    expect(trimCoverage(cov, 1000)).toEqual([[200, 200]]);
  });
});
