import { evidenceReport } from '../services/reports/evidence-report.js';
import type { ServiceContext } from '../services/context.js';

export interface WardAvailability {
  wardId: string;
  /** Ratio 0–1 over the window; NaN-free: a ward with no office time in it has no figure. */
  officeHours: number | null;
  allHours: number;
}

export const AVAILABILITY_WINDOW_MS = 24 * 3600_000;

const ratio = (v: number): number | null => (Number.isFinite(v) && v >= 0 && v <= 1 ? v : null);

/**
 * Per-ward availability over the last 24 hours, from the same figures as the evidence
 * report (rollups, calendar, maintenance), as the system rather than a console user.
 */
export async function wardAvailability(ctx: ServiceContext): Promise<WardAvailability[]> {
  const to = ctx.clock.now();
  const { report } = await evidenceReport({
    ctx: { ...ctx, actor: { username: 'metrics', role: 'admin', wardId: null } },
    input: { from: to - AVAILABILITY_WINDOW_MS, to },
  });
  return report.wards.flatMap((w) => {
    const allHours = ratio(w.availability.allHours);
    if (allHours === null) return [];
    return [{ wardId: w.wardId, officeHours: ratio(w.availability.officeHours), allHours }];
  });
}
