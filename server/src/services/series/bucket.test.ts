import { describe, expect, it } from 'vitest';
import { bucketSeries, MAX_SERIES_POINTS, resolveSeriesWindow } from './bucket.js';

const T0 = 1_764_000_000_000; // a multiple of 60 s
const s = (t: number, avg: number, min = avg, max = avg) => ({ t, avg, min, max });

describe('bucketSeries', () => {
  const w = { from: T0, to: T0 + 3 * 60_000, step: 60_000 };

  it('averages avgs, takes min of mins and max of maxes per bucket', () => {
    const points = bucketSeries([s(T0 + 1000, 10, 8, 12), s(T0 + 59_999, 30, 25, 40)], w);
    expect(points[0]).toEqual({ t: T0, avg: 20, min: 8, max: 40, count: 2 });
  });

  it('keeps empty buckets as nulls with count 0', () => {
    const points = bucketSeries([s(T0 + 120_000, 5)], w);
    expect(points).toEqual([
      { t: T0, avg: null, min: null, max: null, count: 0 },
      { t: T0 + 60_000, avg: null, min: null, max: null, count: 0 },
      { t: T0 + 120_000, avg: 5, min: 5, max: 5, count: 1 },
    ]);
  });

  it('puts a sample on a boundary in the later bucket and ignores samples outside', () => {
    const points = bucketSeries([s(T0 + 60_000, 1), s(T0 - 1, 99), s(T0 + 180_000, 99)], w);
    expect(points.map((p) => p.count)).toEqual([0, 1, 0]);
  });

  it('does not depend on sample order', () => {
    const samples = [s(T0 + 5, 1, 0, 2), s(T0 + 70_000, 7), s(T0 + 10, 3, 2, 9)];
    expect(bucketSeries([...samples].reverse(), w)).toEqual(bucketSeries(samples, w));
  });
});

describe('resolveSeriesWindow', () => {
  it('defaults to the last day in ~288 whole-second steps', () => {
    const now = T0 + 12_345;
    const win = resolveSeriesWindow({}, now);
    expect(win).toMatchObject({ to: now, step: 300_000 });
    if (typeof win !== 'string') expect(win.from % win.step).toBe(0);
  });

  it('aligns from down to the step', () => {
    expect(resolveSeriesWindow({ from: T0 + 30_000, to: T0 + 600_000, step: 60_000 }, 0)).toEqual({
      from: T0,
      to: T0 + 600_000,
      step: 60_000,
    });
  });

  it.each([
    ['from after to', { from: T0 + 1, to: T0 }],
    ['too many points', { from: T0, to: T0 + (MAX_SERIES_POINTS + 1) * 1000, step: 1000 }],
  ])('rejects %s', (_name, q) => {
    expect(typeof resolveSeriesWindow(q, T0)).toBe('string');
  });
});
