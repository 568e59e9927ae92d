import type { SeriesPoint } from '@wardwatch/shared';
import type { SeriesSample } from '../../store/store.js';

export const DEFAULT_SERIES_SPAN_MS = 24 * 3600_000;
export const MAX_SERIES_POINTS = 10_000;
const TARGET_POINTS = 288;

export interface SeriesWindow {
  from: number;
  to: number;
  step: number;
}

/**
 * The window a query asks for: `to` defaults to now, `from` to a day earlier, `step` to
 * about 288 points (whole seconds); `from` is aligned down to a multiple of `step`.
 * Returns a reason string when the window is unusable.
 */
export function resolveSeriesWindow(
  q: { from?: number; to?: number; step?: number },
  now: number,
): SeriesWindow | string {
  const to = q.to ?? now;
  const rawFrom = q.from ?? Math.max(0, to - DEFAULT_SERIES_SPAN_MS);
  if (rawFrom >= to) return 'from must be before to';
  const step = q.step ?? Math.max(1000, Math.ceil((to - rawFrom) / TARGET_POINTS / 1000) * 1000);
  const from = Math.floor(rawFrom / step) * step;
  if (Math.ceil((to - from) / step) > MAX_SERIES_POINTS) {
    return `too many points: use a step of at least ${Math.ceil((to - from) / MAX_SERIES_POINTS)} ms`;
  }
  return { from, to, step };
}

/**
 * Bucket samples by time into [from + k·step, from + (k+1)·step): avg of the samples' avgs,
 * min of mins, max of maxes; empty buckets have nulls and count 0 (gaps stay visible).
 */
export function bucketSeries(samples: readonly SeriesSample[], w: SeriesWindow): SeriesPoint[] {
  const n = Math.ceil((w.to - w.from) / w.step);
  const sum = new Float64Array(n);
  const min = new Float64Array(n).fill(Infinity);
  const max = new Float64Array(n).fill(-Infinity);
  const count = new Uint32Array(n);
  for (const s of samples) {
    if (s.t < w.from || s.t >= w.to) continue;
    const k = Math.floor((s.t - w.from) / w.step);
    sum[k] = (sum[k] ?? 0) + s.avg;
    min[k] = Math.min(min[k] ?? Infinity, s.min);
    max[k] = Math.max(max[k] ?? -Infinity, s.max);
    count[k] = (count[k] ?? 0) + 1;
  }
  const points: SeriesPoint[] = [];
  for (let k = 0; k < n; k++) {
    const c = count[k] ?? 0;
    points.push({
      t: w.from + k * w.step,
      avg: c ? (sum[k] ?? 0) / c : null,
      min: c ? (min[k] ?? null) : null,
      max: c ? (max[k] ?? null) : null,
      count: c,
    });
  }
  return points;
}
