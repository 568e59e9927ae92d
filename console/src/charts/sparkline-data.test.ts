import type { SeriesPoint } from '@wardwatch/shared';
import { describe, expect, it } from 'vitest';
import { buildSparkline, isIsolated, trailingRange } from './sparkline-data.js';

const T0 = Date.UTC(2024, 4, 6, 3, 0, 0);
const MIN = 60_000;
const pt = (minute: number, avg: number | null, count = 1, max = avg): SeriesPoint => ({
  t: T0 + minute * MIN,
  avg,
  min: avg,
  max,
  count,
});

describe('buildSparkline', () => {
  const range = { fromMs: T0, toMs: T0 + 5 * MIN, stepMs: MIN };

  it('has one point per bucket, null where nothing was measured', () => {
    const data = buildSparkline([pt(0, 10), pt(2, 30), pt(4, 20)], range);
    expect(data.points).toEqual([
      { x: T0, y: 10 },
      { x: T0 + MIN, y: null },
      { x: T0 + 2 * MIN, y: 30 },
      { x: T0 + 3 * MIN, y: null },
      { x: T0 + 4 * MIN, y: 20 },
    ]);
    expect(data.avgMs).toBe(20);
    expect(data.maxMs).toBe(30);
  });

  it('weights the average by sample count and takes max from the bucket max', () => {
    const data = buildSparkline([pt(0, 10, 3, 40), pt(1, 30, 1)], range);
    expect(data.avgMs).toBe(15);
    expect(data.maxMs).toBe(40);
  });

  it('ignores empty buckets, null averages and points outside the range', () => {
    const data = buildSparkline(
      [pt(-1, 999), pt(5, 999), pt(1, null, 0), pt(2, 50, 0), pt(3, 7)],
      range,
    );
    expect(data.points.filter((p) => p.y !== null)).toEqual([{ x: T0 + 3 * MIN, y: 7 }]);
    expect(data.avgMs).toBe(7);
  });

  it('without any measurement: all gaps, no summary', () => {
    const data = buildSparkline([], range);
    expect(data.points).toHaveLength(5);
    expect(data.points.every((p) => p.y === null)).toBe(true);
    expect(data.avgMs).toBeNull();
    expect(data.maxMs).toBeNull();
  });

  it('merges neighbours to stay within maxPoints, weighted by count', () => {
    const hour = { fromMs: T0, toMs: T0 + 60 * MIN, stepMs: MIN };
    const series = Array.from({ length: 60 }, (_, i) =>
      pt(i, i % 2 === 0 ? 10 : 20, i % 2 ? 3 : 1),
    );
    const data = buildSparkline(series, hour, 20);
    expect(data.points).toHaveLength(20);
    // Each merged bucket holds 3 minutes: alternating (10×1, 20×3, 10×1) or (20×3, 10×1, 20×3).
    expect(data.points[0]).toEqual({ x: T0, y: (10 + 60 + 10) / 5 });
    expect(data.points[1]).toEqual({ x: T0 + 3 * MIN, y: (60 + 10 + 60) / 7 });
    expect(data.avgMs).toBeCloseTo((30 * 10 + 90 * 20) / 120);
  });
});

describe('trailingRange', () => {
  it('ends at the next step boundary and spans exactly spanMs', () => {
    expect(trailingRange(T0 + 90_000, 60 * MIN, MIN)).toEqual({
      fromMs: T0 + 2 * MIN - 60 * MIN,
      toMs: T0 + 2 * MIN,
      stepMs: MIN,
    });
    expect(trailingRange(T0, 60 * MIN, MIN).toMs).toBe(T0);
  });
});

describe('isIsolated', () => {
  const line = [null, 5, null, 6, 7, null].map((y, i) => ({ x: i, y }));
  it.each([
    [0, false], // a gap is never a dot
    [1, true],
    [2, false],
    [3, false],
    [4, false],
    [9, false], // out of range
  ])('index %i → %s', (index, expected) => {
    expect(isIsolated(line, index)).toBe(expected);
  });
  it('a lone point at either end is isolated', () => {
    expect(isIsolated([{ x: 0, y: 1 }], 0)).toBe(true);
  });
});
