import type Database from 'better-sqlite3';
import type { Synchronous } from './promised.js';
import {
  BUCKET_MS,
  dayDelta,
  isOfficeHours,
  localDayStart,
  mergeBucket,
  mergeHistograms,
  type BucketAgg,
  type DayAgg,
  type DeviceCounts,
  type EquipmentCategory,
  type Histogram,
  type IncidentKind,
  type Attribution,
  type StationSamples,
} from '@wardwatch/shared';
import type { ReportIncidentRow, ReportStore, StationDeviceRow } from '../report-store.js';

type Db = Database.Database;
const DAY_MS = 86_400_000;

interface BucketRow {
  records: number;
  rounds: number;
  ok: number;
  hist: string;
  drops: number;
  devices: string;
}

const parse = <T>(s: string | null): T => (s ? (JSON.parse(s) as T) : ({} as T));

export function reportQueries(w: Db, r: Db): Synchronous<ReportStore> {
  const q = {
    getBucket: w.prepare(
      'SELECT records, rounds, ok, hist, drops, devices FROM rollup_5m WHERE station_id = ? AND target = ? AND bucket = ?',
    ),
    putBucket: w.prepare(
      `INSERT OR REPLACE INTO rollup_5m (station_id, target, bucket, records, rounds, ok, hist, drops, devices)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    getDay: w.prepare(
      'SELECT hist, device_buckets FROM rollup_daily WHERE day = ? AND station_id = ? AND target = ? AND office = ?',
    ),
    putDay: w.prepare(
      `INSERT INTO rollup_daily (day, station_id, target, office, buckets, rounds, ok, hist, drops, device_buckets)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (day, station_id, target, office) DO UPDATE SET
         buckets = buckets + excluded.buckets, rounds = rounds + excluded.rounds,
         ok = ok + excluded.ok, drops = drops + excluded.drops,
         hist = excluded.hist, device_buckets = excluded.device_buckets`,
    ),
    getDevice: w
      .prepare('SELECT ever_seen FROM station_devices WHERE station_id = ? AND category = ?')
      .pluck(),
    putDevice: w.prepare(
      `INSERT INTO station_devices (station_id, category, present_now, ever_seen, last_seen_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (station_id, category) DO UPDATE SET
         present_now = excluded.present_now, ever_seen = max(ever_seen, excluded.ever_seen),
         last_seen_at = coalesce(excluded.last_seen_at, last_seen_at), updated_at = excluded.updated_at`,
    ),
    listDevices: r.prepare(
      'SELECT station_id, category, present_now, ever_seen, last_seen_at FROM station_devices',
    ),
    dailySums: r.prepare(
      `SELECT station_id, target, office, sum(buckets) AS buckets, sum(rounds) AS rounds,
         sum(ok) AS ok, sum(drops) AS drops
       FROM rollup_daily WHERE day >= ? AND day < ? GROUP BY station_id, target, office`,
    ),
    dailyHist: r.prepare(
      `SELECT d.station_id, d.target, j.key AS k, sum(j.value) AS n
       FROM rollup_daily d, json_each(d.hist) j
       WHERE d.day >= ? AND d.day < ? AND d.target != '' GROUP BY d.station_id, d.target, j.key`,
    ),
    dailyDevices: r.prepare(
      `SELECT d.station_id, j.key AS k, sum(j.value) AS n
       FROM rollup_daily d, json_each(d.device_buckets) j
       WHERE d.day >= ? AND d.day < ? AND d.target = '' AND d.office = 1
       GROUP BY d.station_id, j.key`,
    ),
    buckets: r.prepare(
      `SELECT station_id, target, bucket, records, rounds, ok, hist, drops, devices
       FROM rollup_5m WHERE bucket >= ? AND bucket < ?`,
    ),
    incidents: r.prepare(
      `SELECT id, kind, ward_id, station_id, target, resource, started_at, ended_at, attribution
       FROM incidents WHERE started_at < ? AND (ended_at IS NULL OR ended_at > ?)`,
    ),
    incidentsOfWard: r.prepare(
      `SELECT id, kind, ward_id, station_id, target, resource, started_at, ended_at, attribution
       FROM incidents WHERE ward_id = ? AND started_at < ? AND (ended_at IS NULL OR ended_at > ?)`,
    ),
    recordChunk: w.prepare('SELECT id, t FROM records WHERE id > ? ORDER BY id LIMIT ?'),
    deleteRecord: w.prepare('DELETE FROM records WHERE id = ?'),
    prune5m: w.prepare(
      `DELETE FROM rollup_5m WHERE (station_id, target, bucket) IN
         (SELECT station_id, target, bucket FROM rollup_5m WHERE bucket < ? LIMIT ?)`,
    ),
    pruneDaily: w.prepare(
      `DELETE FROM rollup_daily WHERE (day, station_id, target, office) IN
         (SELECT day, station_id, target, office FROM rollup_daily WHERE day < ? LIMIT ?)`,
    ),
    pruneIncidents: w.prepare(
      `DELETE FROM incidents WHERE id IN
         (SELECT id FROM incidents WHERE ended_at IS NOT NULL AND ended_at < ? LIMIT ?)`,
    ),
  };

  const apply = w.transaction((a: Parameters<ReportStore['applyRollups']>[0]) => {
    const days = new Map<string, DayAgg>();
    for (const delta of a.buckets) {
      const row = q.getBucket.get(delta.stationId, delta.target, delta.bucket) as
        BucketRow | undefined;
      const before: BucketAgg | null = row
        ? {
            stationId: delta.stationId,
            target: delta.target,
            bucket: delta.bucket,
            records: row.records,
            rounds: row.rounds,
            ok: row.ok,
            hist: parse<Histogram>(row.hist),
            drops: row.drops,
            devices: parse<DeviceCounts>(row.devices),
          }
        : null;
      const after = before ? mergeBucket(before, delta) : delta;
      q.putBucket.run(
        after.stationId,
        after.target,
        after.bucket,
        after.records,
        after.rounds,
        after.ok,
        JSON.stringify(after.hist),
        after.drops,
        JSON.stringify(after.devices),
      );
      const d = dayDelta(a.calendar, before, after, delta);
      const key = `${d.day}|${d.stationId}|${d.target}|${d.office}`;
      const prev = days.get(key);
      if (!prev) days.set(key, d);
      else {
        prev.buckets += d.buckets;
        prev.rounds += d.rounds;
        prev.ok += d.ok;
        prev.drops += d.drops;
        mergeHistograms(prev.hist, d.hist);
        for (const [c, n] of Object.entries(d.deviceBuckets))
          prev.deviceBuckets[c as keyof DeviceCounts] =
            (prev.deviceBuckets[c as keyof DeviceCounts] ?? 0) + n;
      }
    }
    for (const d of days.values()) {
      const row = q.getDay.get(d.day, d.stationId, d.target, d.office) as
        { hist: string; device_buckets: string } | undefined;
      const hist = mergeHistograms(parse<Histogram>(row?.hist ?? null), d.hist);
      const dev = parse<Record<string, number>>(row?.device_buckets ?? null);
      for (const [c, n] of Object.entries(d.deviceBuckets)) dev[c] = (dev[c] ?? 0) + n;
      q.putDay.run(
        d.day,
        d.stationId,
        d.target,
        d.office,
        d.buckets,
        d.rounds,
        d.ok,
        JSON.stringify(hist),
        d.drops,
        JSON.stringify(dev),
      );
    }
    for (const dv of a.devices) {
      for (const category of ['fingerprint', 'scanner', 'card_reader'] as const) {
        const n = dv.counts[category] ?? 0;
        if (n === 0 && q.getDevice.get(dv.stationId, category) === undefined) continue;
        q.putDevice.run(dv.stationId, category, n, n, n > 0 ? dv.at : null, a.now);
      }
    }
  });

  const pruneChunk = w.transaction((cutoff: number, afterId: number, limit: number) => {
    const rows = q.recordChunk.all(afterId, limit) as { id: number; t: number }[];
    let deleted = 0;
    for (const row of rows) {
      if (row.t >= cutoff) continue;
      q.deleteRecord.run(row.id);
      deleted++;
    }
    const last = rows[rows.length - 1];
    return { deleted, lastId: deleted > 0 && last ? last.id : null };
  });

  function addEdge(
    out: Map<string, StationSamples>,
    from: number,
    to: number,
    cal: Parameters<ReportStore['reportSamples']>[2],
  ): void {
    if (to <= from) return;
    const rows = q.buckets.all(from, to) as (BucketRow & {
      station_id: string;
      target: string;
      bucket: number;
    })[];
    for (const row of rows) {
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
          for (const [c, n] of Object.entries(parse<DeviceCounts>(row.devices))) {
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
        mergeHistograms(t.hist, parse<Histogram>(row.hist));
      }
    }
  }

  return {
    applyRollups: (a) => apply(a),

    reportSamples(from, to, cal) {
      const out = new Map<string, StationSamples>();
      const firstDay = localDayStart(cal, from) === from ? from : localDayStart(cal, from) + DAY_MS;
      const lastDay = localDayStart(cal, to);
      if (firstDay >= lastDay) {
        addEdge(out, from, to, cal);
        return [...out.values()];
      }
      addEdge(out, from, firstDay, cal);
      addEdge(out, lastDay, to, cal);
      const sums = q.dailySums.all(firstDay, lastDay) as {
        station_id: string;
        target: string;
        office: number;
        buckets: number;
        rounds: number;
        ok: number;
        drops: number;
      }[];
      for (const row of sums) {
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
      for (const row of q.dailyHist.all(firstDay, lastDay) as {
        station_id: string;
        target: string;
        k: string;
        n: number;
      }[]) {
        const t = targetOf(sampleOf(out, row.station_id), row.target);
        t.hist[row.k] = (t.hist[row.k] ?? 0) + row.n;
      }
      for (const row of q.dailyDevices.all(firstDay, lastDay) as {
        station_id: string;
        k: string;
        n: number;
      }[]) {
        const s = sampleOf(out, row.station_id);
        const cat = row.k as EquipmentCategory;
        s.connectedBuckets[cat] = (s.connectedBuckets[cat] ?? 0) + row.n;
      }
      return [...out.values()];
    },

    listStationDevices: () =>
      (
        q.listDevices.all() as {
          station_id: string;
          category: string;
          present_now: number;
          ever_seen: number;
          last_seen_at: number | null;
        }[]
      ).map((row): StationDeviceRow => ({
        stationId: row.station_id,
        category: row.category,
        presentNow: row.present_now,
        everSeen: row.ever_seen,
        lastSeenAt: row.last_seen_at,
      })),

    listReportIncidents(from, to, wardId) {
      const rows = (
        wardId === undefined ? q.incidents.all(to, from) : q.incidentsOfWard.all(wardId, to, from)
      ) as {
        id: number;
        kind: IncidentKind;
        ward_id: string;
        station_id: string | null;
        target: string | null;
        resource: string | null;
        started_at: number;
        ended_at: number | null;
        attribution: Attribution;
      }[];
      return rows.map((row) => {
        const i: ReportIncidentRow = {
          id: row.id,
          kind: row.kind,
          wardId: row.ward_id,
          startedAt: row.started_at,
          endedAt: row.ended_at,
          attribution: row.attribution,
        };
        if (row.station_id !== null) i.stationId = row.station_id;
        if (row.target !== null) i.target = row.target;
        if (row.resource !== null) i.resource = row.resource;
        return i;
      });
    },

    pruneRecords: (cutoff, afterId, limit) => pruneChunk(cutoff, afterId, limit),
    pruneRollups(cutoff5m, cutoffDaily, limit) {
      return (
        q.prune5m.run(Math.floor(cutoff5m / BUCKET_MS) * BUCKET_MS, limit).changes +
        q.pruneDaily.run(cutoffDaily, limit).changes
      );
    },
    pruneIncidents: (cutoff, limit) => q.pruneIncidents.run(cutoff, limit).changes,
  };
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
