import type Database from 'better-sqlite3';
import type { Synchronous } from './promised.js';
import {
  BUCKET_MS,
  dayDelta,
  mergeBucket,
  type BucketAgg,
  type DayAgg,
  type DeviceCounts,
  type Histogram,
} from '@wardwatch/shared';
import type { ReportStore, StationDeviceRow } from '../report-store.js';
import {
  addDayDelta,
  foldSamples,
  mergedDay,
  reportSpan,
  type BucketDbRow,
  type DailyDeviceRow,
  type DailyHistRow,
  type DailySumRow,
} from '../report-samples.js';
import { REPORT_INCIDENT_COLS, toReportIncident, type ReportIncidentDbRow } from '../rows.js';

type Db = Database.Database;

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
      `SELECT ${REPORT_INCIDENT_COLS}
       FROM incidents WHERE started_at < ? AND (ended_at IS NULL OR ended_at > ?)`,
    ),
    incidentsOfWard: r.prepare(
      `SELECT ${REPORT_INCIDENT_COLS}
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
      addDayDelta(days, d);
    }
    for (const d of days.values()) {
      const row = q.getDay.get(d.day, d.stationId, d.target, d.office) as
        { hist: string; device_buckets: string } | undefined;
      const { hist, devices: dev } = mergedDay(row ?? null, d);
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

  return {
    applyRollups: (a) => apply(a),

    reportSamples(from, to, cal) {
      const span = reportSpan(cal, from, to);
      const days = span.days;
      return foldSamples(cal, {
        buckets: span.edges.flatMap(([a, b]) => q.buckets.all(a, b) as BucketDbRow[]),
        sums: days ? (q.dailySums.all(...days) as DailySumRow[]) : [],
        hist: days ? (q.dailyHist.all(...days) as DailyHistRow[]) : [],
        devices: days ? (q.dailyDevices.all(...days) as DailyDeviceRow[]) : [],
      });
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
      ) as ReportIncidentDbRow[];
      return rows.map(toReportIncident);
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
