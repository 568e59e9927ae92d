import type { Span } from './types.js';

/**
 * When a station was heard from, in event time: sorted, disjoint intervals of its records'
 * times, merged whenever the silence between them is at most the grace period. What remains
 * between two intervals is a `station_offline`. Merging is order-independent by construction:
 * late records only fill gaps.
 */
export type Coverage = readonly (readonly [number, number])[];

/** Merge sorted record times into the coverage. */
export function addTimes(cov: Coverage, times: readonly number[], graceMs: number): Coverage {
  if (times.length === 0) return cov;
  const sorted = [...times].sort((a, b) => a - b);
  const points: [number, number][] = sorted.map((t) => [t, t]);
  const all = [...cov.map(([a, b]) => [a, b] as [number, number]), ...points].sort(
    (x, y) => x[0] - y[0] || x[1] - y[1],
  );
  const out: [number, number][] = [];
  for (const [a, b] of all) {
    const last = out[out.length - 1];
    if (last && a - last[1] <= graceMs) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Drop intervals that ended before `before`, keeping the last one so later gaps have a start. */
export function trimCoverage(cov: Coverage, before: number): Coverage {
  let i = 0;
  while (i < cov.length - 1 && (cov[i]?.[1] ?? 0) < before) i++;
  return i === 0 ? cov : cov.slice(i);
}

/**
 * Offline spans: each gap starts at the first round the station missed (last record +
 * its shortest interval) and ends at the first record after it. With `now` (live), a
 * silence longer than the grace period after the last record is an open span — and so is
 * one after a dropped connection (`dropped`: server time of its last contact, and the
 * shorter grace that applies then). The span's start is the same either way.
 */
export function offlineSpans(
  cov: Coverage,
  intervalMs: number,
  graceMs: number,
  now: number | null,
  dropped: { contactAt: number; graceMs: number } | null = null,
): Span[] {
  const spans: Span[] = [];
  for (let i = 1; i < cov.length; i++) {
    const prev = cov[i - 1];
    const next = cov[i];
    if (!prev || !next) continue;
    spans.push({
      kind: 'station_offline',
      startedAt: Math.min(prev[1] + intervalMs, next[0]),
      endedAt: next[0],
      detail: { lastContactAt: prev[1] },
    });
  }
  const last = cov[cov.length - 1];
  const silent =
    now !== null &&
    (now - (last?.[1] ?? now) > graceMs ||
      (dropped !== null && now - dropped.contactAt > dropped.graceMs));
  if (now !== null && last && silent) {
    spans.push({
      kind: 'station_offline',
      startedAt: last[1] + intervalMs,
      endedAt: null,
      detail: { lastContactAt: last[1] },
    });
  }
  return spans;
}
