/**
 * RTT histograms that merge by adding counts (rollups keep one per bucket and day): bins are
 * keyed by their upper bound — 1 ms up to 100 ms, 10 ms up to 1 s, 100 ms up to 10 s, then
 * one overflow bin. Integer RTTs up to 100 ms are therefore exact.
 */
export type Histogram = Record<string, number>;

const OVERFLOW = 100_000;

export function rttBin(ms: number): number {
  const v = Math.max(0, Math.ceil(ms));
  if (v <= 100) return v;
  if (v <= 1000) return Math.ceil(v / 10) * 10;
  if (v <= 10_000) return Math.ceil(v / 100) * 100;
  return OVERFLOW;
}

export function addToHistogram(h: Histogram, ms: number, count = 1): void {
  const key = String(rttBin(ms));
  h[key] = (h[key] ?? 0) + count;
}

export function mergeHistograms(into: Histogram, from: Histogram): Histogram {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
  return into;
}

/** Nearest-rank quantile: the smallest bin bound with at least ceil(q·n) samples at or below it. */
export function histogramQuantile(h: Histogram, q: number): number | null {
  const bins = Object.entries(h)
    .map(([k, n]) => [Number(k), n] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = bins.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [bound, n] of bins) {
    seen += n;
    if (seen >= rank) return bound;
  }
  return null;
}
