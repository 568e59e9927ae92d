#!/usr/bin/env node
// Storage that stays bounded: bytes per station per day (raw records, 5-minute and daily
// rollups) measured on real SQLite files through the server's own store and rollup writer,
// the retention pass timed on a month of raw records, and the database size of a simulated
// year of 23 wards (30 days raw + 92 days of 5-minute rollups + 1 year of daily rollups and incidents).
// Usage: node bench/retention.mjs [--stations 4] [--days 2]   (run `npx tsc -b server` first)
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openSqliteStore } from '../server/dist/store/sqlite/sqlite-store.js';
import { RollupWriter } from '../server/dist/reports/rollup-writer.js';
import { RetentionJob } from '../server/dist/reports/retention.js';
import { tempDir } from './lib/tmp.mjs';

const { values } = parseArgs({
  options: { stations: { type: 'string', default: '4' }, days: { type: 'string', default: '2' } },
});
const STATIONS = Number(values.stations);
const DAYS = Number(values.days);
const DAY = 86_400_000;
const TARGETS = ['gateway', 'csdlqg', 'vneid', 'dvc'];
const silent = { info() {}, warn() {}, error() {} };

/** A day of one station at the agent's defaults: 4 targets every 10 s, sys every minute, iface every 5 min, peripherals every 15 min. */
function* dayRecords(from) {
  for (let t = from; t < from + DAY; t += 10_000) {
    for (const target of TARGETS) {
      yield {
        kind: 'probe',
        at: t + 137,
        target,
        probe: 'tcp',
        ok: true,
        rttMs: { min: 8.1, avg: 9.7, max: 14.2, mdev: 1.3 },
        sent: 1,
        received: 1,
        lossPct: 0,
        timings: { connectMs: 9.7 },
      };
    }
    if (t % 60_000 === 0)
      yield {
        kind: 'sys',
        at: t,
        cpuPct: 23.5,
        memUsedBytes: 3_512_000_000,
        memTotalBytes: 8_200_000_000,
        disks: [{ mount: 'C:', usedBytes: 120_000_000_000, sizeBytes: 240_000_000_000 }],
        uptimeSec: 36_000,
        load1: 0.4,
      };
    if (t % 300_000 === 0)
      yield {
        kind: 'iface',
        at: t,
        interfaces: [
          { name: 'Ethernet', up: true, addrs: ['10.63.12.34'], isTunnel: false },
          { name: 'VPN', up: true, addrs: ['172.16.4.2'], isTunnel: true },
        ],
        gateway: '10.63.12.1',
      };
    if (t % 900_000 === 0)
      yield {
        kind: 'peripherals',
        at: t,
        devices: [
          {
            vid: '05ba',
            pid: '000a',
            vendor: 'DigitalPersona',
            product: 'U.are.U 4500',
            category: 'fingerprint',
          },
          {
            vid: '076b',
            pid: '3031',
            vendor: 'OmniKey',
            product: 'CardMan 3021',
            category: 'card_reader',
          },
          {
            vid: '04a9',
            pid: '1904',
            vendor: 'Canon',
            product: 'CanoScan LiDE 300',
            category: 'scanner',
          },
        ],
      };
  }
}

const dbBytes = (db) =>
  ['', '-wal'].reduce((n, s) => {
    try {
      return n + statSync(db + s).size;
    } catch {
      return n;
    }
  }, 0);

const dir = tempDir('retention');
const path = join(dir, 'ww.db');
const store = openSqliteStore(path);
const now = Date.now();
const from = Math.floor((now - DAYS * DAY) / DAY) * DAY;
await store.createWard({ id: 'w', name: 'Phường', createdAt: 0 });
const rollups = new RollupWriter({
  store,
  clock: { now: () => now },
  log: silent,
  flushMs: 60_000,
});
let records = 0;
for (let s = 0; s < STATIONS; s++) {
  await store.createEnrollmentToken({
    tokenHash: `t${s}`,
    wardId: 'w',
    createdAt: 0,
    expiresAt: now * 2,
  });
  await store.enrollStation({
    tokenHash: `t${s}`,
    now: 1,
    stationId: `s${s}`,
    hostname: `pc${s}`,
    credentialHash: `c${s}`,
  });
  let seq = 0;
  for (let d = 0; d < DAYS; d++) {
    let batch = [];
    const flush = async () => {
      if (!batch.length) return;
      await store.recordBatch({
        stationId: `s${s}`,
        seq: ++seq,
        offsetMs: 0,
        receivedAt: now,
        records: batch,
        probeSummary: { lastRttMs: null, lastProbeOk: null },
      });
      rollups.enqueue({ stationId: `s${s}`, wardId: 'w', offsetMs: 0, records: batch });
      records += batch.length;
      batch = [];
    };
    for (const r of dayRecords(from + d * DAY)) {
      batch.push(r);
      if (batch.length === 500) await flush();
    }
    await flush();
    await rollups.flush();
  }
}
await store.close();
// Per-table sizes through SQLite's dbstat virtual table.
const { createRequire } = await import('node:module');
const Database = createRequire(join(process.cwd(), 'server', 'package.json'))('better-sqlite3');
const db = new Database(path);
db.pragma('wal_checkpoint(TRUNCATE)');
const sizes = Object.fromEntries(
  db
    .prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name')
    .all()
    .map((r) => [r.name, r.bytes]),
);
const sum = (names) => names.reduce((n, k) => n + (sizes[k] ?? 0), 0);
const stationDays = STATIONS * DAYS;
const rawPerDay =
  sum([
    'records',
    'records_station_kind_t',
    'records_station_target_t',
    'sqlite_autoindex_records_1',
  ]) / stationDays;
const r5mPerDay = sum(['rollup_5m', 'rollup_5m_bucket']) / stationDays;
const dailyPerDay = sum(['rollup_daily']) / stationDays;
const incidentBytes = sum([
  'incidents',
  'incidents_started',
  'incidents_ward_started',
  'sqlite_autoindex_incidents_1',
]);
db.close();

// Retention pass over a month of raw records is timed on a copy with 30 days pushed past the cutoff.
const store2 = openSqliteStore(path);
const job = new RetentionJob({
  store: store2,
  clock: { now: () => now + 40 * DAY },
  log: silent,
  intervalMs: 60_000,
  chunk: 2000,
});
const t0 = performance.now();
await job.runOnce();
const retentionMs = performance.now() - t0;
await store2.close();

// A year of 23 wards (one station each), with the default retention.
const year = 23 * (30 * rawPerDay + 92 * r5mPerDay + 366 * dailyPerDay);
const MiB = 1024 * 1024;
const out = {
  stations: STATIONS,
  days: DAYS,
  recordsPerStationDay: Math.round(records / stationDays),
  bytesPerStationDay: {
    raw: Math.round(rawPerDay),
    rollup5m: Math.round(r5mPerDay),
    rollupDaily: Math.round(dailyPerDay),
  },
  retentionPass: { deleted: job.deleted, ms: Math.round(retentionMs) },
  yearOf23WardsMiB: Math.round(year / MiB),
  withoutRetentionMiB: Math.round((23 * 366 * (rawPerDay + r5mPerDay + dailyPerDay)) / MiB),
  incidentBytes,
  dbFileBytes: dbBytes(path),
};
console.log(JSON.stringify(out, null, 2));
