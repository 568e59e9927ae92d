import type { EvidenceFigures, ReportIncident } from './evidence.js';

export const REPORT_TABLES = ['wards', 'targets', 'equipment', 'incidents', 'city'] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

type Cell = string | number | null;

const cellText = (v: Cell): string => {
  if (v === null) return '';
  const s = typeof v === 'number' ? String(v) : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** RFC 4180 with a UTF-8 BOM (Excel opens Vietnamese text correctly) and CRLF line ends. */
export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(cellText).join(',')).join('\r\n')}\r\n`;
}

const r4 = (v: number) => Math.round(v * 10_000) / 10_000;
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** One table of the report as rows (first row: header). Durations in ms, ratios 0–1. */
export function reportTable(
  f: EvidenceFigures,
  table: ReportTable,
  incidents: readonly (ReportIncident & { id?: number })[] = [],
): Cell[][] {
  switch (table) {
    case 'wards':
      return [
        [
          'ward_id',
          'ward_name',
          'availability_office',
          'availability_24h',
          'downtime_office_ms',
          'downtime_24h_ms',
          'planned_downtime_24h_ms',
          'outages',
          'longest_downtime_ms',
          'mttr_ms',
          'incidents',
          'session_drops_office',
          'session_drops_per_office_day',
          'workstation_on_office_ms',
          'workstation_on_24h_ms',
          'cpu_saturated_office_h',
          'mem_saturated_office_h',
          'disk_saturated_office_h',
        ],
        ...f.wards.map((w) => [
          w.wardId,
          w.name,
          r4(w.availability.officeHours),
          r4(w.availability.allHours),
          w.downtimeMs.officeHours,
          w.downtimeMs.allHours,
          w.plannedDowntimeMs.allHours,
          w.outages,
          w.longestDowntimeMs,
          w.mttrMs,
          w.incidents.total,
          w.sessionDrops.officeHours,
          w.sessionDrops.perOfficeDay,
          w.workstationOnMs.officeHours,
          w.workstationOnMs.allHours,
          w.saturationOfficeHours.cpu,
          w.saturationOfficeHours.mem,
          w.saturationOfficeHours.disk,
        ]),
      ];
    case 'targets':
      return [
        [
          'ward_id',
          'target',
          'availability_office',
          'availability_24h',
          'downtime_office_ms',
          'downtime_24h_ms',
          'latency_p50_ms',
          'latency_p95_ms',
          'rounds',
          'ok_rounds',
        ],
        ...f.wards.flatMap((w) =>
          w.targets.map((t) => [
            w.wardId,
            t.target,
            r4(t.availability.officeHours),
            r4(t.availability.allHours),
            t.downtimeMs.officeHours,
            t.downtimeMs.allHours,
            t.latencyMs.p50,
            t.latencyMs.p95,
            t.rounds,
            t.okRounds,
          ]),
        ),
      ];
    case 'equipment':
      return [
        ['ward_id', 'category', 'required', 'present_now', 'ever_seen', 'connected_office_pct'],
        ...f.wards.flatMap((w) =>
          w.equipment.map((e) => [
            w.wardId,
            e.category,
            e.required,
            e.presentNow,
            e.everSeen,
            e.connectedOfficeHoursPct,
          ]),
        ),
      ];
    case 'incidents':
      return [
        ['id', 'ward_id', 'kind', 'attribution', 'station_id', 'target', 'started_at', 'ended_at'],
        ...incidents.map((i) => [
          i.id ?? null,
          i.wardId,
          i.kind,
          i.attribution,
          i.stationId ?? null,
          i.target ?? null,
          iso(i.startedAt),
          iso(i.endedAt),
        ]),
      ];
    case 'city':
      return [
        ['rank', 'ward_id', 'ward_name', 'downtime_office_ms'],
        ...f.city.ranking.map((r) => [r.rank, r.wardId, r.name, r.downtimeOfficeMs]),
      ];
    default: {
      const never: never = table;
      throw new Error(`unknown table ${String(never)}`);
    }
  }
}
