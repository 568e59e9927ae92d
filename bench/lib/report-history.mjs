import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './machine.mjs';

const require = createRequire(join(ROOT, 'server', 'package.json'));
const Database = require('better-sqlite3');

const DAY = 86_400_000;
const OFFSET = 7 * 3_600_000;
// Office buckets per local weekday (0 = Sunday): 8 h Mon–Fri, 4.5 h Sat.
const OFFICE_BUCKETS = [0, 96, 96, 96, 96, 96, 54];

/**
 * Seeds a database (already migrated by one server start) with what a long history leaves
 * behind after retention: wards, stations, targets, daily rollups and incidents — the rows a
 * report reads. Raw records older than 30 days are refused by ingest (and deleted by retention),
 * so a year of history can only exist in this form.
 */
export function seedReportHistory({ dbPath, wards, stations, targets, from, to }) {
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const t0 = performance.now();
  const wardIds = Array.from({ length: wards }, (_, i) => `w${String(i).padStart(5, '0')}`);
  const ins = {
    ward: db.prepare('INSERT OR IGNORE INTO wards (id, name, created_at) VALUES (?, ?, 0)'),
    station: db.prepare(
      'INSERT OR IGNORE INTO stations (id, ward_id, hostname, credential_hash, last_seen_at, created_at) VALUES (?, ?, ?, ?, ?, 0)',
    ),
    target: db.prepare(
      "INSERT OR IGNORE INTO targets (id, name, probe, host, port, interval_ms, created_at) VALUES (?, ?, 'tcp', '127.0.0.1', 9, 60000, 0)",
    ),
    day: db.prepare(
      `INSERT OR REPLACE INTO rollup_daily (day, station_id, target, office, buckets, rounds, ok, hist, drops, device_buckets)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    incident: db.prepare(
      `INSERT OR IGNORE INTO incidents (subject, kind, ward_id, station_id, target, started_at, ended_at, attribution, severity, evidence, detail, updated_at)
       VALUES (?, 'link_down', ?, ?, ?, ?, ?, ?, 'critical', '{}', '{}', 0)`,
    ),
  };
  let rows = 0;
  db.transaction(() => {
    wardIds.forEach((id, i) => ins.ward.run(id, `Phường ${i + 1}`));
    for (const t of targets) ins.target.run(t, t);
    for (let s = 0; s < stations; s++) {
      ins.station.run(`s${s}`, wardIds[s % wards], `pc-${s}`, `seed-${s}`, to);
    }
  })();
  const firstDay = Math.floor((from + OFFSET) / DAY) * DAY - OFFSET;
  const perTx = 200;
  for (let s0 = 0; s0 < stations; s0 += perTx) {
    db.transaction(() => {
      for (let s = s0; s < Math.min(stations, s0 + perTx); s++) {
        const station = `s${s}`;
        for (let day = firstDay; day < to; day += DAY) {
          const office = OFFICE_BUCKETS[new Date(day + OFFSET).getUTCDay()];
          const other = 288 - office;
          const devices = JSON.stringify({ fingerprint: office, card_reader: office });
          if (office > 0) ins.day.run(day, station, '', 1, office, 0, 0, '{}', s % 3, devices);
          ins.day.run(day, station, '', 0, other, 0, 0, '{}', 0, '{}');
          rows += office > 0 ? 2 : 1;
          for (const t of targets) {
            if (office > 0)
              ins.day.run(
                day,
                station,
                t,
                1,
                0,
                office * 5,
                office * 5 - 1,
                `{"10":${office * 4},"12":${office - 1}}`,
                0,
                '{}',
              );
            ins.day.run(
              day,
              station,
              t,
              0,
              0,
              other * 5,
              other * 5,
              `{"10":${other * 4},"12":${other}}`,
              0,
              '{}',
            );
            rows += office > 0 ? 2 : 1;
          }
        }
        // One 30-minute outage a week on the first target, at a different hour per station.
        for (let t = from + ((s * 7919) % (7 * DAY)); t < to; t += 7 * DAY) {
          ins.incident.run(
            `${station}|${targets[0]}`,
            wardIds[s % wards],
            station,
            targets[0],
            t,
            t + 1_800_000,
            s % 2 ? 'upstream' : 'local_link',
          );
        }
      }
    })();
  }
  db.close();
  return { rows, seconds: (performance.now() - t0) / 1000 };
}
