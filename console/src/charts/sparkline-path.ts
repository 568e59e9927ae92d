import { isIsolated, type SparklineData } from './sparkline-data.js';

/** The drawing box a sparkline's paths are computed in (the SVG stretches it to its size). */
export const SPARK_WIDTH = 300;
export const SPARK_HEIGHT = 40;
/** How far a curve's control points reach towards its neighbours (0 = straight segments). */
const TENSION = 0.25;

export interface SparklinePaths {
  /** SVG path data of the line: one curved run per stretch of measured buckets. */
  line: string;
  /** Zero-length subpaths at isolated points (drawn as dots by round line caps). */
  dots: string;
  /** The top of the y axis, ms: a "nice" number at or above the highest drawn point. */
  yMax: number;
}

interface Pt {
  x: number;
  y: number;
}

/**
 * A round top for the y axis (1, 2 or 5 × 10ⁿ steps, two steps up from zero), so a line
 * does not touch the top and small changes do not rescale it.
 */
export function niceAxisMax(max: number): number {
  if (!(max > 0) || !Number.isFinite(max)) return 1;
  const raw = max / 2;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / magnitude;
  const step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
  return Math.ceil(max / step) * step;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const fmt = (v: number): string => String(Math.round(v * 10) / 10);

/**
 * Control points of a cardinal-style spline through `current`, weighted by the distances to
 * its neighbours, and kept inside the box so a curve never dips below zero.
 */
function controlPoints(previous: Pt, current: Pt, next: Pt): { before: Pt; after: Pt } {
  const d01 = Math.hypot(current.x - previous.x, current.y - previous.y);
  const d12 = Math.hypot(next.x - current.x, next.y - current.y);
  const total = d01 + d12;
  const fa = total > 0 ? (TENSION * d01) / total : 0;
  const fb = total > 0 ? (TENSION * d12) / total : 0;
  const dx = next.x - previous.x;
  const dy = next.y - previous.y;
  const inBox = (p: Pt): Pt => ({
    x: clamp(p.x, 0, SPARK_WIDTH),
    y: clamp(p.y, 0, SPARK_HEIGHT),
  });
  return {
    before: inBox({ x: current.x - fa * dx, y: current.y - fa * dy }),
    after: inBox({ x: current.x + fb * dx, y: current.y + fb * dy }),
  };
}

/** One smooth run through `run`: a move to its first point, then a cubic to each next one. */
function curve(run: readonly Pt[]): string {
  const cps = run.map((p, i) => controlPoints(run[i - 1] ?? p, p, run[i + 1] ?? p));
  let d = '';
  run.forEach((p, i) => {
    const from = cps[i - 1];
    const to = cps[i];
    d +=
      from && to
        ? `C${fmt(from.after.x)} ${fmt(from.after.y)} ${fmt(to.before.x)} ${fmt(to.before.y)} ${fmt(p.x)} ${fmt(p.y)}`
        : `M${fmt(p.x)} ${fmt(p.y)}`;
  });
  return d;
}

/** The line and dots of a sparkline in a SPARK_WIDTH × SPARK_HEIGHT box (y grows downwards). */
export function sparklinePaths(data: SparklineData): SparklinePaths {
  // Scaled to the drawn averages (not the peak in the label), as chart.js scaled it.
  let highest = 0;
  for (const p of data.points) if (p.y !== null && p.y > highest) highest = p.y;
  const yMax = niceAxisMax(highest);
  const spanMs = data.toMs - data.fromMs;
  const toBox = (x: number, y: number): Pt => ({
    x: spanMs > 0 ? ((x - data.fromMs) / spanMs) * SPARK_WIDTH : 0,
    y: SPARK_HEIGHT - (Math.min(y, yMax) / yMax) * SPARK_HEIGHT,
  });
  const runs: Pt[][] = [];
  let run: Pt[] = [];
  const dots: string[] = [];
  data.points.forEach((p, i) => {
    if (p.y === null) {
      if (run.length > 0) runs.push(run);
      run = [];
      return;
    }
    const at = toBox(p.x, p.y);
    if (isIsolated(data.points, i)) dots.push(`M${fmt(at.x)} ${fmt(at.y)}h0`);
    run.push(at);
  });
  if (run.length > 0) runs.push(run);
  const line = runs
    .filter((r) => r.length > 1)
    .map(curve)
    .join('');
  return { line, dots: dots.join(''), yMax };
}
