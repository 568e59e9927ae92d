import type { SeriesPoint } from '@wardwatch/shared';

export const RANGE_PRESETS = ['1h', '24h', '7d', '30d'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export const PRESET_SPAN_MS: Readonly<Record<RangePreset, number>> = {
  '1h': HOUR_MS,
  '24h': DAY_MS,
  '7d': 7 * DAY_MS,
  '30d': 30 * DAY_MS,
};

/** About this many buckets per chart: enough detail, few enough for a phone. */
export const TARGET_BUCKETS = 240;
/** The server's smallest step; zoom stops where buckets would be finer than this. */
export const MIN_STEP_MS = 1000;
export const MIN_SPAN_MS = 2 * MINUTE_MS;

export interface ChartRange {
  fromMs: number;
  toMs: number;
  stepMs: number;
}

/** A whole-second step giving about TARGET_BUCKETS buckets over the span. */
export function stepFor(spanMs: number): number {
  return Math.max(MIN_STEP_MS, Math.ceil(spanMs / TARGET_BUCKETS / 1000) * 1000);
}

/** The preset's window ending now, aligned to its step so refreshes reuse buckets. */
export function presetRange(preset: RangePreset, nowMs: number): ChartRange {
  const spanMs = PRESET_SPAN_MS[preset];
  const stepMs = stepFor(spanMs);
  const toMs = Math.ceil(nowMs / stepMs) * stepMs;
  return { fromMs: toMs - spanMs, toMs, stepMs };
}

/** A window between two chart positions (a drag), never narrower than MIN_SPAN_MS. */
export function selectRange(aMs: number, bMs: number, bounds?: ChartRange): ChartRange {
  let fromMs = Math.min(aMs, bMs);
  let toMs = Math.max(aMs, bMs);
  if (toMs - fromMs < MIN_SPAN_MS) {
    const mid = (fromMs + toMs) / 2;
    fromMs = mid - MIN_SPAN_MS / 2;
    toMs = mid + MIN_SPAN_MS / 2;
  }
  if (bounds) {
    fromMs = Math.max(fromMs, bounds.fromMs);
    toMs = Math.min(toMs, bounds.toMs);
  }
  fromMs = Math.floor(fromMs);
  toMs = Math.ceil(toMs);
  return { fromMs, toMs, stepMs: stepFor(toMs - fromMs) };
}

/** Zoom about the middle: factor < 1 narrows (zoom in), > 1 widens (zoom out). */
export function zoomRange(range: ChartRange, factor: number, latestMs: number): ChartRange {
  const mid = (range.fromMs + range.toMs) / 2;
  const span = Math.max(MIN_SPAN_MS, (range.toMs - range.fromMs) * factor);
  let toMs = mid + span / 2;
  // Zooming out never runs into the future.
  if (toMs > latestMs) toMs = latestMs;
  const fromMs = toMs - span;
  return selectRange(fromMs, toMs);
}

/** Loss bands, as SmokePing colours its median line: 0, ≤5 %, ≤20 %, <100 %, 100 %. */
export type LossLevel = 'none' | 'low' | 'medium' | 'high' | 'total' | 'unknown';
export const LOSS_LEVELS: readonly LossLevel[] = ['none', 'low', 'medium', 'high', 'total'];

export function lossLevel(lossPct: number | null): LossLevel {
  if (lossPct === null || !Number.isFinite(lossPct)) return 'unknown';
  if (lossPct <= 0) return 'none';
  if (lossPct <= 5) return 'low';
  if (lossPct <= 20) return 'medium';
  if (lossPct < 100) return 'high';
  return 'total';
}

export interface SmokeBucket {
  /** Bucket start, epoch ms. */
  x: number;
  /** Count-weighted average of the rounds' average RTT; null where nothing answered. */
  median: number | null;
  min: number | null;
  max: number | null;
  /** Average loss of the rounds in the bucket; null where no round was recorded. */
  lossPct: number | null;
  count: number;
}

export interface SmokeSummary {
  avgMs: number | null;
  minMs: number | null;
  maxMs: number | null;
  lossPct: number | null;
  rounds: number;
}

export interface SmokeData extends ChartRange {
  buckets: SmokeBucket[];
  summary: SmokeSummary;
}

interface Acc {
  sum: number;
  n: number;
  min: number;
  max: number;
  lossSum: number;
  lossN: number;
}

/**
 * Buckets over [fromMs, toMs) at `stepMs` from an RTT series and a loss series of the same
 * station and target: the line is the average RTT, the band min–max, the colour the loss.
 * Every bucket is present so gaps stay visible; a round with 100 % loss has no RTT but a loss.
 */
export function buildSmokeping(
  rtt: readonly SeriesPoint[],
  loss: readonly SeriesPoint[],
  range: ChartRange,
): SmokeData {
  const { fromMs, toMs, stepMs } = range;
  const n = Math.max(1, Math.ceil((toMs - fromMs) / stepMs));
  const acc: Acc[] = Array.from({ length: n }, () => ({
    sum: 0,
    n: 0,
    min: Infinity,
    max: -Infinity,
    lossSum: 0,
    lossN: 0,
  }));
  const at = (t: number) =>
    t < fromMs || t >= toMs ? undefined : acc[Math.floor((t - fromMs) / stepMs)];
  let total = 0;
  let totalN = 0;
  let lossTotal = 0;
  let lossN = 0;
  let minMs = Infinity;
  let maxMs = -Infinity;
  for (const p of rtt) {
    const a = at(p.t);
    if (!a || p.avg === null || p.count <= 0) continue;
    a.sum += p.avg * p.count;
    a.n += p.count;
    a.min = Math.min(a.min, p.min ?? p.avg);
    a.max = Math.max(a.max, p.max ?? p.avg);
    total += p.avg * p.count;
    totalN += p.count;
    minMs = Math.min(minMs, p.min ?? p.avg);
    maxMs = Math.max(maxMs, p.max ?? p.avg);
  }
  for (const p of loss) {
    const a = at(p.t);
    if (!a || p.avg === null || p.count <= 0) continue;
    a.lossSum += p.avg * p.count;
    a.lossN += p.count;
    lossTotal += p.avg * p.count;
    lossN += p.count;
  }
  return {
    fromMs,
    toMs,
    stepMs,
    buckets: acc.map((a, i) => ({
      x: fromMs + i * stepMs,
      median: a.n > 0 ? a.sum / a.n : null,
      min: a.n > 0 ? a.min : null,
      max: a.n > 0 ? a.max : null,
      lossPct: a.lossN > 0 ? a.lossSum / a.lossN : null,
      count: Math.max(a.n, a.lossN),
    })),
    summary: {
      avgMs: totalN > 0 ? total / totalN : null,
      minMs: totalN > 0 ? minMs : null,
      maxMs: totalN > 0 ? maxMs : null,
      lossPct: lossN > 0 ? lossTotal / lossN : null,
      rounds: Math.max(totalN, lossN),
    },
  };
}
