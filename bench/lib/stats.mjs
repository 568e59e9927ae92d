// Pure helpers: percentiles and summaries over plain arrays of numbers.

/** Nearest-rank percentile of an ascending-sorted array (null when empty). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** count, min, p50, p95, p99, max, mean of `values` (not mutated). */
export function summarize(values) {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: n,
    min: n ? sorted[0] : null,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: n ? sorted[n - 1] : null,
    mean: n ? sum / n : null,
  };
}

/** Round to `digits` decimals, passing null through. */
export const round = (x, digits = 1) =>
  x === null || x === undefined || Number.isNaN(x)
    ? null
    : Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The knee: the first N whose p99 passes `limitMs`, with the last N below it.
 * `points` is [{ n, p99 }] in any order.
 */
export function findKnee(points, limitMs) {
  const sorted = [...points].sort((a, b) => a.n - b.n);
  let below = null;
  for (const pt of sorted) {
    if (pt.p99 !== null && pt.p99 > limitMs) return { kneeN: pt.n, lastBelowN: below, found: true };
    below = pt.n;
  }
  return { kneeN: null, lastBelowN: below, found: false };
}
