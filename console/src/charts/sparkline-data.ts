import type { SeriesPoint } from '@wardwatch/shared';

export interface SparklinePoint {
  /** Bucket start, epoch ms. */
  x: number;
  /** Average RTT in the bucket; null where nothing was measured (the line breaks there). */
  y: number | null;
}

export interface SparklineData {
  points: SparklinePoint[];
  fromMs: number;
  toMs: number;
  /** Count-weighted average over the whole range; null without any measurement. */
  avgMs: number | null;
  maxMs: number | null;
}

export interface SparklineRange {
  fromMs: number;
  toMs: number;
  stepMs: number;
}

interface Bucket {
  sum: number;
  count: number;
  max: number | null;
}

/**
 * One line of average RTT per time bucket over [fromMs, toMs): every bucket is present
 * (gaps become null, so the chart shows a break rather than a false straight line), and
 * at most `maxPoints` buckets are drawn — neighbours are merged, weighted by sample count.
 */
export function buildSparkline(
  series: readonly SeriesPoint[],
  range: SparklineRange,
  maxPoints = 60,
): SparklineData {
  const { fromMs, toMs } = range;
  const spanMs = Math.max(0, toMs - fromMs);
  const rawBuckets = Math.max(1, Math.ceil(spanMs / range.stepMs));
  const merge = Math.max(1, Math.ceil(rawBuckets / Math.max(1, maxPoints)));
  const bucketMs = range.stepMs * merge;
  const n = Math.max(1, Math.ceil(spanMs / bucketMs));
  const buckets: Bucket[] = Array.from({ length: n }, () => ({ sum: 0, count: 0, max: null }));

  let total = 0;
  let totalCount = 0;
  let maxMs: number | null = null;
  for (const p of series) {
    if (p.t < fromMs || p.t >= toMs || p.avg === null || p.count <= 0) continue;
    const bucket = buckets[Math.floor((p.t - fromMs) / bucketMs)];
    if (!bucket) continue;
    const pointMax = p.max ?? p.avg;
    bucket.sum += p.avg * p.count;
    bucket.count += p.count;
    bucket.max = bucket.max === null ? pointMax : Math.max(bucket.max, pointMax);
    total += p.avg * p.count;
    totalCount += p.count;
    maxMs = maxMs === null ? pointMax : Math.max(maxMs, pointMax);
  }

  return {
    points: buckets.map((b, i) => ({
      x: fromMs + i * bucketMs,
      y: b.count > 0 ? b.sum / b.count : null,
    })),
    fromMs,
    toMs,
    avgMs: totalCount > 0 ? total / totalCount : null,
    maxMs,
  };
}

/** The last `spanMs` ending at `nowMs`, aligned to `stepMs` so refreshes reuse buckets. */
export function trailingRange(nowMs: number, spanMs: number, stepMs: number): SparklineRange {
  const toMs = Math.ceil(nowMs / stepMs) * stepMs;
  return { fromMs: toMs - spanMs, toMs, stepMs };
}

/** A measured point with no measured neighbour: a line cannot show it, so it gets a dot. */
export function isIsolated(points: readonly SparklinePoint[], index: number): boolean {
  const here = points[index];
  if (!here || here.y === null) return false;
  const before = points[index - 1];
  const after = points[index + 1];
  return (before?.y ?? null) === null && (after?.y ?? null) === null;
}
