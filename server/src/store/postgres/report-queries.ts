import type pg from 'pg';
import {
  BUCKET_MS,
  bucketKey,
  dayDelta,
  mergeBucket,
  type BucketAgg,
  type DayAgg,
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
import {
  REPORT_INCIDENT_COLS,
  fromJson,
  toReportIncident,
  type ReportIncidentDbRow,
} from '../rows.js';
import { inTransaction, lockKey, type Sql } from './pg-db.js';

type Rollups = Parameters<ReportStore['applyRollups']>[0];
const DEVICE_CATEGORIES = ['fingerprint', 'scanner', 'card_reader'] as const;
const BUCKET_COLS = 'station_id, target, bucket, records, rounds, ok, hist, drops, devices';

async function storedBuckets(
  sql: Sql,
  deltas: readonly BucketAgg[],
): Promise<Map<string, BucketAgg>> {
  const { rows } = await sql.query<BucketDbRow>(
    `SELECT ${BUCKET_COLS} FROM rollup_5m
     WHERE (station_id, target, bucket) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]))
     FOR UPDATE`,
    [deltas.map((d) => d.stationId), deltas.map((d) => d.target), deltas.map((d) => d.bucket)],
  );
  return new Map(
    rows.map((r) => [
      bucketKey(r.station_id, r.target, r.bucket),
      {
        stationId: r.station_id,
        target: r.target,
        bucket: r.bucket,
        records: r.records,
        rounds: r.rounds,
        ok: r.ok,
        hist: fromJson(r.hist),
        drops: r.drops,
        devices: fromJson(r.devices),
      },
    ]),
  );
}

async function putBuckets(sql: Sql, buckets: readonly BucketAgg[]): Promise<void> {
  if (buckets.length === 0) return;
  const col = <K extends keyof BucketAgg>(k: K) => buckets.map((b) => b[k]);
  await sql.query(
    `INSERT INTO rollup_5m (${BUCKET_COLS})
     SELECT s, t, b, r, n, o, h::jsonb, d, v::jsonb
     FROM unnest($1::text[], $2::text[], $3::bigint[], $4::int[], $5::int[], $6::int[], $7::text[],
                 $8::int[], $9::text[]) AS x(s, t, b, r, n, o, h, d, v)
     ON CONFLICT (station_id, target, bucket) DO UPDATE SET records = excluded.records,
       rounds = excluded.rounds, ok = excluded.ok, hist = excluded.hist, drops = excluded.drops,
       devices = excluded.devices`,
    [
      col('stationId'),
      col('target'),
      col('bucket'),
      col('records'),
      col('rounds'),
      col('ok'),
      buckets.map((b) => JSON.stringify(b.hist)),
      col('drops'),
      buckets.map((b) => JSON.stringify(b.devices)),
    ],
  );
}

async function putDays(sql: Sql, days: readonly DayAgg[]): Promise<void> {
  if (days.length === 0) return;
  const { rows } = await sql.query<{
    day: number;
    station_id: string;
    target: string;
    office: number;
    hist: Histogram;
    device_buckets: Record<string, number>;
  }>(
    `SELECT day, station_id, target, office, hist, device_buckets FROM rollup_daily
     WHERE (day, station_id, target, office) IN
       (SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::smallint[]))
     FOR UPDATE`,
    [
      days.map((d) => d.day),
      days.map((d) => d.stationId),
      days.map((d) => d.target),
      days.map((d) => d.office),
    ],
  );
  const stored = new Map(rows.map((r) => [`${r.day}|${r.station_id}|${r.target}|${r.office}`, r]));
  const merged = days.map((d) =>
    mergedDay(stored.get(`${d.day}|${d.stationId}|${d.target}|${d.office}`) ?? null, d),
  );
  const col = <K extends keyof DayAgg>(k: K) => days.map((d) => d[k]);
  await sql.query(
    `INSERT INTO rollup_daily (day, station_id, target, office, buckets, rounds, ok, hist, drops, device_buckets)
     SELECT dy, s, t, o, b, r, k, h::jsonb, d, v::jsonb
     FROM unnest($1::bigint[], $2::text[], $3::text[], $4::smallint[], $5::int[], $6::int[], $7::int[],
                 $8::text[], $9::int[], $10::text[]) AS x(dy, s, t, o, b, r, k, h, d, v)
     ON CONFLICT (day, station_id, target, office) DO UPDATE SET
       buckets = rollup_daily.buckets + excluded.buckets, rounds = rollup_daily.rounds + excluded.rounds,
       ok = rollup_daily.ok + excluded.ok, drops = rollup_daily.drops + excluded.drops,
       hist = excluded.hist, device_buckets = excluded.device_buckets`,
    [
      col('day'),
      col('stationId'),
      col('target'),
      col('office'),
      col('buckets'),
      col('rounds'),
      col('ok'),
      merged.map((m) => JSON.stringify(m.hist)),
      col('drops'),
      merged.map((m) => JSON.stringify(m.devices)),
    ],
  );
}

/** One upsert per (station, category): the calls' sequential effect, collapsed. */
async function putDevices(sql: Sql, a: Rollups): Promise<void> {
  if (a.devices.length === 0) return;
  const { rows } = await sql.query<{ station_id: string; category: string }>(
    'SELECT station_id, category FROM station_devices WHERE station_id = ANY($1::text[])',
    [a.devices.map((d) => d.stationId)],
  );
  const known = new Set(rows.map((r) => `${r.station_id}|${r.category}`));
  const next = new Map<
    string,
    { stationId: string; category: string; present: number; ever: number; seenAt: number | null }
  >();
  for (const dv of a.devices) {
    for (const category of DEVICE_CATEGORIES) {
      const n = dv.counts[category] ?? 0;
      const key = `${dv.stationId}|${category}`;
      if (n === 0 && !known.has(key)) continue;
      known.add(key);
      const prev = next.get(key);
      next.set(key, {
        stationId: dv.stationId,
        category,
        present: n,
        ever: Math.max(prev?.ever ?? 0, n),
        seenAt: n > 0 ? dv.at : (prev?.seenAt ?? null),
      });
    }
  }
  const v = [...next.values()];
  if (v.length === 0) return;
  await sql.query(
    `INSERT INTO station_devices (station_id, category, present_now, ever_seen, last_seen_at, updated_at)
     SELECT s, c, p, e, l, $6 FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::bigint[])
       AS x(s, c, p, e, l)
     ON CONFLICT (station_id, category) DO UPDATE SET
       present_now = excluded.present_now,
       ever_seen = greatest(station_devices.ever_seen, excluded.ever_seen),
       last_seen_at = coalesce(excluded.last_seen_at, station_devices.last_seen_at),
       updated_at = excluded.updated_at`,
    [
      v.map((x) => x.stationId),
      v.map((x) => x.category),
      v.map((x) => x.present),
      v.map((x) => x.ever),
      v.map((x) => x.seenAt),
      a.now,
    ],
  );
}

async function applyRollups(sql: Sql, a: Rollups, schema: string | null): Promise<void> {
  // Rollups are read-modify-write: one writer at a time across instances.
  await sql.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockKey('rollups', schema)]);
  const current = await storedBuckets(sql, a.buckets);
  const changed = new Map<string, BucketAgg>();
  const days = new Map<string, DayAgg>();
  for (const delta of a.buckets) {
    const key = bucketKey(delta.stationId, delta.target, delta.bucket);
    const before = current.get(key) ?? null;
    const after = before ? mergeBucket(before, delta) : delta;
    current.set(key, after);
    changed.set(key, after);
    addDayDelta(days, dayDelta(a.calendar, before, after, delta));
  }
  await putBuckets(sql, [...changed.values()]);
  await putDays(sql, [...days.values()]);
  await putDevices(sql, a);
}

/** Rollups, devices and retention for PostgreSQL (same semantics as sqlite/report-queries.ts). */
export function pgReportQueries(pool: pg.Pool, schema: string | null): ReportStore {
  const all = async <R extends pg.QueryResultRow>(text: string, values?: unknown[]) =>
    (await pool.query<R>(text, values)).rows;

  return {
    applyRollups: (a) => inTransaction(pool, (sql) => applyRollups(sql, a, schema)),

    async reportSamples(from, to, cal) {
      const span = reportSpan(cal, from, to);
      const buckets: BucketDbRow[] = [];
      for (const [a, b] of span.edges) {
        buckets.push(
          ...(await all<BucketDbRow>(
            `SELECT ${BUCKET_COLS} FROM rollup_5m WHERE bucket >= $1 AND bucket < $2`,
            [a, b],
          )),
        );
      }
      const days = span.days;
      if (!days) return foldSamples(cal, { buckets, sums: [], hist: [], devices: [] });
      const [sums, hist, devices] = await Promise.all([
        all<DailySumRow>(
          `SELECT station_id, target, office, sum(buckets) AS buckets, sum(rounds) AS rounds,
             sum(ok) AS ok, sum(drops) AS drops
           FROM rollup_daily WHERE day >= $1 AND day < $2 GROUP BY station_id, target, office
           ORDER BY station_id COLLATE "C", target COLLATE "C", office`,
          days,
        ),
        all<DailyHistRow>(
          `SELECT d.station_id, d.target, j.key AS k, sum(j.value::float8) AS n
           FROM rollup_daily d, jsonb_each_text(d.hist) j
           WHERE d.day >= $1 AND d.day < $2 AND d.target != ''
           GROUP BY d.station_id, d.target, j.key
           ORDER BY d.station_id COLLATE "C", d.target COLLATE "C", j.key COLLATE "C"`,
          days,
        ),
        all<DailyDeviceRow>(
          `SELECT d.station_id, j.key AS k, sum(j.value::float8) AS n
           FROM rollup_daily d, jsonb_each_text(d.device_buckets) j
           WHERE d.day >= $1 AND d.day < $2 AND d.target = '' AND d.office = 1
           GROUP BY d.station_id, j.key ORDER BY d.station_id COLLATE "C", j.key COLLATE "C"`,
          days,
        ),
      ]);
      return foldSamples(cal, { buckets, sums, hist, devices });
    },

    listStationDevices: async () =>
      (
        await all<{
          station_id: string;
          category: string;
          present_now: number;
          ever_seen: number;
          last_seen_at: number | null;
        }>(
          'SELECT station_id, category, present_now, ever_seen, last_seen_at FROM station_devices ORDER BY station_id COLLATE "C", category COLLATE "C"',
        )
      ).map((row): StationDeviceRow => ({
        stationId: row.station_id,
        category: row.category,
        presentNow: row.present_now,
        everSeen: row.ever_seen,
        lastSeenAt: row.last_seen_at,
      })),

    async listReportIncidents(from, to, wardId) {
      const rows =
        wardId === undefined
          ? await all<ReportIncidentDbRow>(
              `SELECT ${REPORT_INCIDENT_COLS} FROM incidents
               WHERE started_at < $1 AND (ended_at IS NULL OR ended_at > $2) ORDER BY id`,
              [to, from],
            )
          : await all<ReportIncidentDbRow>(
              `SELECT ${REPORT_INCIDENT_COLS} FROM incidents
               WHERE ward_id = $1 AND started_at < $2 AND (ended_at IS NULL OR ended_at > $3) ORDER BY id`,
              [wardId, to, from],
            );
      return rows.map(toReportIncident);
    },

    async pruneRecords(cutoff, afterId, limit) {
      const [row] = await all<{ deleted: number; last_id: number | null }>(
        `WITH chunk AS (SELECT id, t FROM records WHERE id > $1 ORDER BY id LIMIT $2),
         del AS (DELETE FROM records r USING chunk c WHERE r.id = c.id AND c.t < $3 RETURNING r.id)
         SELECT (SELECT count(*) FROM del) AS deleted, (SELECT max(id) FROM chunk) AS last_id`,
        [afterId, limit, cutoff],
      );
      const deleted = row?.deleted ?? 0;
      return { deleted, lastId: deleted > 0 ? (row?.last_id ?? null) : null };
    },
    async pruneRollups(cutoff5m, cutoffDaily, limit) {
      const a = await pool.query(
        `DELETE FROM rollup_5m WHERE (station_id, target, bucket) IN
           (SELECT station_id, target, bucket FROM rollup_5m WHERE bucket < $1 LIMIT $2)`,
        [Math.floor(cutoff5m / BUCKET_MS) * BUCKET_MS, limit],
      );
      const b = await pool.query(
        `DELETE FROM rollup_daily WHERE (day, station_id, target, office) IN
           (SELECT day, station_id, target, office FROM rollup_daily WHERE day < $1 LIMIT $2)`,
        [cutoffDaily, limit],
      );
      return (a.rowCount ?? 0) + (b.rowCount ?? 0);
    },
    async pruneIncidents(cutoff, limit) {
      const r = await pool.query(
        `DELETE FROM incidents WHERE id IN
           (SELECT id FROM incidents WHERE ended_at IS NOT NULL AND ended_at < $1 LIMIT $2)`,
        [cutoff, limit],
      );
      return r.rowCount ?? 0;
    },
  };
}
