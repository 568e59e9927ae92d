export const PERIOD_KINDS = ['month', 'quarter', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving), so local midnight is fixed. */
const CITY_OFFSET_MS = 7 * 3600_000;

export interface ReportPeriod {
  kind: PeriodKind;
  year: number;
  /** 1–12 for a month, 1–4 for a quarter, ignored for a year. */
  index: number;
}

const cityMidnight = (year: number, monthIndex0: number) =>
  Date.UTC(year, monthIndex0, 1) - CITY_OFFSET_MS;

/** [from, to) in epoch ms for a calendar period in the city's time zone. */
export function periodRange(p: ReportPeriod): { fromMs: number; toMs: number } {
  switch (p.kind) {
    case 'month':
      return { fromMs: cityMidnight(p.year, p.index - 1), toMs: cityMidnight(p.year, p.index) };
    case 'quarter':
      return {
        fromMs: cityMidnight(p.year, (p.index - 1) * 3),
        toMs: cityMidnight(p.year, p.index * 3),
      };
    case 'year':
      return { fromMs: cityMidnight(p.year, 0), toMs: cityMidnight(p.year + 1, 0) };
    default: {
      const unreachable: never = p.kind;
      return unreachable;
    }
  }
}

/** The last complete period of that kind before `nowMs` (what a monthly report covers). */
export function previousPeriod(kind: PeriodKind, nowMs: number): ReportPeriod {
  const local = new Date(nowMs + CITY_OFFSET_MS);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + 1;
  switch (kind) {
    case 'month':
      return month === 1 ? { kind, year: year - 1, index: 12 } : { kind, year, index: month - 1 };
    case 'quarter': {
      const q = Math.ceil(month / 3);
      return q === 1 ? { kind, year: year - 1, index: 4 } : { kind, year, index: q - 1 };
    }
    case 'year':
      return { kind, year: year - 1, index: 1 };
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

/** The evidence report's address for a period, format and optional ward. */
export function reportHref(
  p: ReportPeriod,
  format: 'html' | 'csv' | 'json' | 'pdf',
  wardId: string,
  table?: string,
): string {
  const { fromMs, toMs } = periodRange(p);
  const q = new URLSearchParams({ from: String(fromMs), to: String(toMs), format });
  if (wardId) q.set('ward', wardId);
  if (table) q.set('table', table);
  return `/api/v1/reports/evidence?${q.toString()}`;
}
