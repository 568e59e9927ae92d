import { describe, expect, it } from 'vitest';
import {
  buildSmokeping,
  lossLevel,
  MIN_SPAN_MS,
  presetRange,
  selectRange,
  stepFor,
  zoomRange,
} from './smokeping-data.js';

const T0 = Date.UTC(2024, 0, 1);
const p = (t: number, avg: number | null, min: number | null, max: number | null, count = 1) => ({
  t,
  avg,
  min,
  max,
  count,
});

describe('buildSmokeping', () => {
  const range = { fromMs: T0, toMs: T0 + 4000, stepMs: 2000 };

  it('gives the weighted average line, the min–max band and the loss per bucket', () => {
    const rtt = [p(T0, 10, 8, 12, 1), p(T0 + 1000, 20, 15, 30, 3), p(T0 + 9999, 5, 5, 5)];
    const loss = [p(T0, 0, 0, 0, 1), p(T0 + 1000, 40, 40, 40, 3), p(T0 + 2000, 100, 100, 100, 1)];
    const data = buildSmokeping(rtt, loss, range);
    expect(data.buckets).toEqual([
      { x: T0, median: 17.5, min: 8, max: 30, lossPct: 30, count: 4 },
      { x: T0 + 2000, median: null, min: null, max: null, lossPct: 100, count: 1 },
    ]);
    expect(data.summary).toEqual({ avgMs: 17.5, minMs: 8, maxMs: 30, lossPct: 44, rounds: 5 });
  });

  it('keeps every bucket, with nulls where nothing was recorded', () => {
    const data = buildSmokeping([], [p(T0, null, null, null, 0)], range);
    expect(data.buckets.map((b) => b.median)).toEqual([null, null]);
    expect(data.summary.rounds).toBe(0);
    expect(data.summary.avgMs).toBeNull();
  });
});

describe('lossLevel', () => {
  it.each([
    [null, 'unknown'],
    [0, 'none'],
    [5, 'low'],
    [5.1, 'medium'],
    [20, 'medium'],
    [99, 'high'],
    [100, 'total'],
  ] as const)('%s → %s', (loss, level) => {
    expect(lossLevel(loss)).toBe(level);
  });
});

describe('ranges and zoom', () => {
  it('presets end at now aligned to their step, with about 240 buckets', () => {
    const r = presetRange('24h', T0 + 1234);
    expect(r.toMs - r.fromMs).toBe(24 * 3600_000);
    expect(r.toMs % r.stepMs).toBe(0);
    expect(r.toMs).toBeGreaterThanOrEqual(T0 + 1234);
    expect(r.stepMs).toBe(360_000);
    expect(stepFor(60_000)).toBe(1000);
  });

  it('a drag selects a window, widened to the minimum span and kept in bounds', () => {
    const bounds = { fromMs: T0, toMs: T0 + 3600_000, stepMs: 15_000 };
    expect(selectRange(T0 + 600_000, T0 + 300_000, bounds)).toEqual({
      fromMs: T0 + 300_000,
      toMs: T0 + 600_000,
      stepMs: 2000,
    });
    const tiny = selectRange(T0 + 1000, T0 + 2000, bounds);
    expect(tiny.fromMs).toBe(T0);
    expect(tiny.toMs).toBe(T0 + 1500 + MIN_SPAN_MS / 2);
  });

  it('zooms about the middle and never past the latest time', () => {
    const r = { fromMs: T0, toMs: T0 + 3600_000, stepMs: 15_000 };
    const zin = zoomRange(r, 0.5, T0 + 3600_000);
    expect([zin.fromMs, zin.toMs]).toEqual([T0 + 900_000, T0 + 2700_000]);
    const zout = zoomRange(r, 2, T0 + 3600_000);
    expect([zout.fromMs, zout.toMs]).toEqual([T0 - 3600_000, T0 + 3600_000]);
    const floor = zoomRange(r, 0.0001, T0 + 3600_000);
    expect(floor.toMs - floor.fromMs).toBe(MIN_SPAN_MS);
  });
});
