import { INCIDENT_KINDS, type IncidentItem, type IncidentQuery } from '../api/types.js';

export const PERIODS = ['24h', '7d', '30d', 'all'] as const;
export type Period = (typeof PERIODS)[number];
export const STATUSES = ['open', 'closed', 'all'] as const;
export type StatusFilter = (typeof STATUSES)[number];

export interface IncidentFilters {
  ward: string;
  kind: string;
  attribution: string;
  status: StatusFilter;
  period: Period;
}

export const DEFAULT_FILTERS: IncidentFilters = {
  ward: '',
  kind: '',
  attribution: '',
  status: 'all',
  period: '7d',
};

const PERIOD_MS: Readonly<Record<Exclude<Period, 'all'>, number>> = {
  '24h': 24 * 3600_000,
  '7d': 7 * 24 * 3600_000,
  '30d': 30 * 24 * 3600_000,
};

const pick = <T extends string>(values: readonly T[], v: string | null, fallback: T): T =>
  values.find((x) => x === v) ?? fallback;

/** Filters from a page's `?query` (so a filtered list is a link one can share). */
export function filtersFromSearch(search: string): IncidentFilters {
  const q = new URLSearchParams(search);
  return {
    ward: q.get('ward') ?? '',
    kind: q.get('kind') ?? '',
    attribution: q.get('attribution') ?? '',
    status: pick(STATUSES, q.get('status'), DEFAULT_FILTERS.status),
    period: pick(PERIODS, q.get('period'), DEFAULT_FILTERS.period),
  };
}

export function filtersToSearch(f: IncidentFilters): string {
  const q = new URLSearchParams();
  if (f.ward) q.set('ward', f.ward);
  if (f.kind) q.set('kind', f.kind);
  if (f.attribution) q.set('attribution', f.attribution);
  if (f.status !== DEFAULT_FILTERS.status) q.set('status', f.status);
  if (f.period !== DEFAULT_FILTERS.period) q.set('period', f.period);
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** The API query for the filters (the server filters ward, kind, open and period). */
export function filtersToQuery(f: IncidentFilters, nowMs: number): IncidentQuery {
  const kind = INCIDENT_KINDS.find((k) => k === f.kind);
  return {
    ...(f.ward && { ward: f.ward }),
    ...(kind && { kind }),
    ...(f.status !== 'all' && { open: f.status === 'open' }),
    ...(f.period !== 'all' && { from: nowMs - PERIOD_MS[f.period], to: nowMs }),
  };
}

/** What the server may not filter itself: attribution, and status/period again to be sure. */
export function applyFilters(
  items: readonly IncidentItem[],
  f: IncidentFilters,
  nowMs: number,
): IncidentItem[] {
  const from = f.period === 'all' ? -Infinity : nowMs - PERIOD_MS[f.period];
  return items.filter(
    (i) =>
      (!f.ward || i.wardId === f.ward) &&
      (!f.kind || i.kind === f.kind) &&
      (!f.attribution || i.attribution === f.attribution) &&
      (f.status === 'all' || (f.status === 'open') === (i.endedAt === null)) &&
      (i.endedAt === null || i.endedAt >= from),
  );
}

/** Open first, then newest first. */
export function sortIncidents(items: readonly IncidentItem[]): IncidentItem[] {
  return [...items].sort(
    (a, b) => Number(b.endedAt === null) - Number(a.endedAt === null) || b.startedAt - a.startedAt,
  );
}

/** How long it lasted (or has lasted until `nowMs`). */
export const incidentDurationMs = (i: IncidentItem, nowMs: number): number =>
  Math.max(0, (i.endedAt ?? nowMs) - i.startedAt);

/** Server list merged with live pushes: a push wins for the same id. */
export function mergeIncidents<T extends IncidentItem>(
  listed: readonly T[],
  pushed: readonly T[],
): T[] {
  const byId = new Map(listed.map((i) => [i.id, i]));
  for (const p of pushed) {
    if (byId.has(p.id) || p.endedAt === null) byId.set(p.id, p);
  }
  return [...byId.values()];
}
