import { describe, expect, it } from 'vitest';
import { buildSparkline } from './sparkline-data.js';
import { niceAxisMax, SPARK_HEIGHT, SPARK_WIDTH, sparklinePaths } from './sparkline-path.js';

const MIN = 60_000;
const T0 = Date.UTC(2024, 4, 6, 3, 0, 0);
const range = { fromMs: T0, toMs: T0 + 4 * MIN, stepMs: MIN };
const pt = (minute: number, avg: number) => ({
  t: T0 + minute * MIN,
  avg,
  min: avg,
  max: avg,
  count: 1,
});
/** Every number of a path, in order. */
const numbers = (d: string): number[] => (d.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);

describe('niceAxisMax', () => {
  it.each([
    [0, 1],
    [-3, 1],
    [Number.NaN, 1],
    [1, 1],
    [7, 10],
    [12, 20],
    [30, 40],
    [41, 50],
    [95, 100],
    [180, 200],
  ])('%s → %s', (max, nice) => {
    expect(niceAxisMax(max)).toBe(nice);
  });

  // The same round tops a chart.js linear axis of a 2.5rem sparkline picked (3 ticks).
  it('is never below the value it rounds', () => {
    for (const v of [0.3, 2.2, 9.9, 14, 333, 4999])
      expect(niceAxisMax(v)).toBeGreaterThanOrEqual(v);
  });
});

describe('sparklinePaths', () => {
  it('draws nothing for a range without measurements', () => {
    const paths = sparklinePaths(buildSparkline([], range));
    expect(paths).toEqual({ line: '', dots: '', yMax: 1 });
  });

  it('runs from the first bucket to the last, scaled to the nice maximum', () => {
    const data = buildSparkline([pt(0, 10), pt(1, 20), pt(2, 30), pt(3, 15)], range);
    const { line, dots, yMax } = sparklinePaths(data);
    expect(yMax).toBe(40);
    expect(dots).toBe('');
    expect(line.startsWith(`M0 ${SPARK_HEIGHT - (10 / 40) * SPARK_HEIGHT}C`)).toBe(true);
    // Three cubic segments, the last ending at the fourth point (x = 3/4 of the width).
    expect(line.match(/C/g)).toHaveLength(3);
    const n = numbers(line);
    expect(n.at(-2)).toBe((3 / 4) * SPARK_WIDTH);
    expect(n.at(-1)).toBe(SPARK_HEIGHT - (15 / 40) * SPARK_HEIGHT);
  });

  it('scales to the drawn averages, not to the peak a bucket saw', () => {
    const peaky = { ...pt(1, 10), max: 90 };
    const data = buildSparkline([pt(0, 10), peaky], range);
    expect(data.maxMs).toBe(90);
    expect(sparklinePaths(data).yMax).toBe(10);
  });

  it('keeps every coordinate inside the box (curves do not dip below zero)', () => {
    const data = buildSparkline([pt(0, 0), pt(1, 30), pt(2, 0), pt(3, 30)], range);
    for (const v of numbers(sparklinePaths(data).line)) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(SPARK_WIDTH);
    }
    const ys = numbers(sparklinePaths(data).line).filter((_, i) => i % 2 === 1);
    for (const y of ys) expect(y).toBeLessThanOrEqual(SPARK_HEIGHT);
  });

  it('breaks the line at a gap and marks an isolated point with a dot', () => {
    // minute 0–1 joined, 2 missing, 3 alone.
    const data = buildSparkline([pt(0, 10), pt(1, 10), pt(3, 20)], range);
    const { line, dots } = sparklinePaths(data);
    expect(line.match(/M/g)).toHaveLength(1);
    expect(line.match(/C/g)).toHaveLength(1);
    // The highest point (20 ms) is the top of its axis (20): y = 0.
    expect(dots).toBe(`M${(3 / 4) * SPARK_WIDTH} 0h0`);
  });
});
