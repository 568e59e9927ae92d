import {
  isOfficeHours,
  localDayStart,
  mergeHistograms,
  type DayAgg,
  type DeviceCounts,
  type EquipmentCategory,
  type Histogram,
  type OfficeCalendar,
  type StationSamples,
} from '@wardwatch/shared';
import { fromJson, type JsonCol } from './rows.js';

/**
 * The engine-free part of `reportSamples` and `applyRollups`, shared by both adapters:
 * which rows to read for a period, and how they fold into per-station sums.
 */
const DAY_MS = 86_400_000;

export interface BucketDbRow {
  station_id: string;
  target: string;
  bucket: number;
  records: number;
  rounds: number;
  ok: number;
  hist: JsonCol<Histogram>;
  drops: number;
  devices: JsonCol<DeviceCounts>;
}
export interface DailySumRow {
  station_id: string;
  target: string;
  office: number;
  buckets: number;
  rounds: number;
  ok: number;
  drops: number;
}
export interface DailyHistRow {
  station_id: string;
  target: string;
  k: string;
  n: number;
}
export interface DailyDeviceRow {
  station_id: string;
  k: string;
  n: number;
}

/**
 * Whole local days of [from, to) come from daily rows, the edges from 5-minute rows.
 * `days` is null when the period holds no whole day (then `edges` is the whole period).
 */
export function reportSpan(
  cal: OfficeCalendar,
  from: number,
  to: number,
): { edges: [number, number][]; days: [number, number] | null } {
  const firstDay = localDayStart(cal, from) === from ? from : localDayStart(cal, from) + DAY_MS;
  const lastDay = localDayStart(cal, to);
  if (firstDay >= lastDay) return { edges: to > from ? [[from, to]] : [], days: null };
  const edges: [number, number][] = [];
  if (firstDay > from) edges.push([from, firstDay]);
  if (to > lastDay) edges.push([lastDay, to]);
  return { edges, days: [firstDay, lastDay] };
}

export function foldSamples(
  cal: OfficeCalendar,
  rows: {
    buckets: readonly BucketDbRow[];
    sums: readonly DailySumRow[];
    hist: readonly DailyHistRow[];
    devices: readonly DailyDeviceRow[];
  },
): StationSamples[] {
  const out = new Map<string, StationSamples>();
  for (const row of rows.buckets) {
    const s = sampleOf(out, row.station_id);
    const office = isOfficeHours(cal, row.bucket);
    if (row.target === '') {
      if (row.records > 0) {
        s.onBuckets.all++;
        if (office) s.onBuckets.office++;
      }
      s.drops.all += row.drops;
      if (office) {
        s.drops.office += row.drops;
        for (const [c, n] of Object.entries(fromJson(row.devices))) {
          if (n > 0) {
            const cat = c as EquipmentCategory;
            s.connectedBuckets[cat] = (s.connectedBuckets[cat] ?? 0) + 1;
          }
        }
      }
    } else {
      const t = targetOf(s, row.target);
      t.rounds += row.rounds;
      t.ok += row.ok;
      mergeHistograms(t.hist, fromJson(row.hist));
    }
  }
  for (const row of rows.sums) {
    const s = sampleOf(out, row.station_id);
    if (row.target === '') {
      s.onBuckets.all += row.buckets;
      s.drops.all += row.drops;
      if (row.office === 1) {
        s.onBuckets.office += row.buckets;
        s.drops.office += row.drops;
      }
    } else {
      const t = targetOf(s, row.target);
      t.rounds += row.rounds;
      t.ok += row.ok;
    }
  }
  for (const row of rows.hist) {
    const t = targetOf(sampleOf(out, row.station_id), row.target);
    t.hist[row.k] = (t.hist[row.k] ?? 0) + row.n;
  }
  for (const row of rows.devices) {
    const s = sampleOf(out, row.station_id);
    const cat = row.k as EquipmentCategory;
    s.connectedBuckets[cat] = (s.connectedBuckets[cat] ?? 0) + row.n;
  }
  return [...out.values()];
}

/** Adds one bucket's day delta to the deltas gathered for one `applyRollups` call. */
export function addDayDelta(days: Map<string, DayAgg>, d: DayAgg): void {
  const key = `${d.day}|${d.stationId}|${d.target}|${d.office}`;
  const prev = days.get(key);
  if (!prev) {
    days.set(key, d);
    return;
  }
  prev.buckets += d.buckets;
  prev.rounds += d.rounds;
  prev.ok += d.ok;
  prev.drops += d.drops;
  mergeHistograms(prev.hist, d.hist);
  for (const [c, n] of Object.entries(d.deviceBuckets))
    prev.deviceBuckets[c as keyof DeviceCounts] =
      (prev.deviceBuckets[c as keyof DeviceCounts] ?? 0) + n;
}

/** A stored day row's histogram and device counts with a delta added. */
export function mergedDay(
  stored: { hist: JsonCol<Histogram>; device_buckets: JsonCol<Record<string, number>> } | null,
  d: DayAgg,
): { hist: Histogram; devices: Record<string, number> } {
  const hist = mergeHistograms(stored ? { ...fromJson(stored.hist) } : {}, d.hist);
  const devices = stored ? { ...fromJson(stored.device_buckets) } : {};
  for (const [c, n] of Object.entries(d.deviceBuckets)) devices[c] = (devices[c] ?? 0) + n;
  return { hist, devices };
}

function sampleOf(out: Map<string, StationSamples>, stationId: string): StationSamples {
  let s = out.get(stationId);
  if (!s) {
    s = {
      stationId,
      onBuckets: { office: 0, all: 0 },
      drops: { office: 0, all: 0 },
      connectedBuckets: {},
      targets: {},
    };
    out.set(stationId, s);
  }
  return s;
}

function targetOf(s: StationSamples, target: string) {
  let t = s.targets[target];
  if (!t) {
    t = { rounds: 0, ok: 0, hist: {} };
    s.targets[target] = t;
  }
  return t;
}
