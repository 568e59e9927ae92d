#!/usr/bin/env node
// The ingest's store cost per record, without the network: 10,000 stations, ticks of 20
// batches × 20 probe records (the 10,000-agent load, 20 ms of it per tick), committed
// (a) as the server did before issue 8's second pass — per record `INSERT OR IGNORE`, a
//     `last_seq` read and an advance per batch, records with UNIQUE(station_id, seq, idx) —
// (b) through the real store (`openSqliteStore(...).recordBatches`, server/dist): one
//     statement per batch, multi-row INSERTs, no UNIQUE (migration 4).
// Both on a fresh file, same data, same order. Usage: node bench/store-ingest.mjs [--rounds 2]
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './lib/machine.mjs';
import { round, summarize } from './lib/stats.mjs';
import { tempDir } from './lib/tmp.mjs';
import { probeBatchRecords } from './lib/probe-batch.mjs';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '2' } } });
const ROUNDS = Number(values.rounds);
const STATIONS = 10_000;
const TICK = 20;
const Database = createRequire(join(ROOT, 'server', 'package.json'))('better-sqlite3');
const { openSqliteStore } = await import('../server/dist/store/sqlite/sqlite-store.js');
const { MIGRATIONS } = await import('../server/dist/store/sqlite/migrations.js');

/** Every tick of the run, in order: stations shuffled per round, as arrivals are. */
function ticks() {
  const out = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const order = Array.from({ length: STATIONS }, (_, i) => i).sort(
      (a, b) =>
        ((a * 7919 + round * 104_729) % STATIONS) - ((b * 7919 + round * 104_729) % STATIONS),
    );
    for (let i = 0; i < order.length; i += TICK) {
      out.push(
        order.slice(i, i + TICK).map((s) => ({
          stationId: `s${s}`,
          seq: round,
          offsetMs: 0,
          receivedAt: 1e12 + round * 10_000,
          records: probeBatchRecords(1e12 + round * 10_000),
          probeSummary: { lastRttMs: 9, lastProbeOk: true },
        })),
      );
    }
  }
  return out;
}

function seed(db) {
  db.prepare('INSERT INTO wards (id, name, created_at) VALUES (?, ?, ?)').run('w', 'w', 0);
  const ins = db.prepare(
    'INSERT INTO stations (id, ward_id, hostname, credential_hash, created_at) VALUES (?, ?, ?, ?, 0)',
  );
  db.transaction(() => {
    for (let i = 0; i < STATIONS; i++) ins.run(`s${i}`, 'w', `h${i}`, `c${i}`);
  })();
}

/** The pre-pass write path, statement for statement, on the v3 schema. */
function oldPath() {
  const db = new Database(join(tempDir('store-ingest-old'), 'ww.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  for (const m of MIGRATIONS.filter((x) => x.version <= 3)) db.exec(m.sql);
  seed(db);
  const lastSeq = db.prepare('SELECT last_seq FROM stations WHERE id = ?').pluck();
  const insert = db.prepare(
    'INSERT OR IGNORE INTO records (station_id, seq, idx, kind, at, t, target, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const advance = db.prepare(
    `UPDATE stations SET last_seq = ?, last_seen_at = ?, last_rtt_ms = coalesce(?, last_rtt_ms),
       last_probe_ok = coalesce(?, last_probe_ok) WHERE id = ? RETURNING *`,
  );
  const one = (b) => {
    if (b.seq <= Number(lastSeq.get(b.stationId) ?? 0)) return { duplicate: true };
    b.records.forEach((rec, idx) => {
      const t = Math.max(0, Math.round(rec.at + b.offsetMs));
      insert.run(
        b.stationId,
        b.seq,
        idx,
        rec.kind,
        rec.at,
        t,
        rec.target ?? null,
        JSON.stringify(rec),
      );
    });
    advance.get(b.seq, b.receivedAt, 9, 1, b.stationId);
    return { duplicate: false };
  };
  const tick = db.transaction((bs) => bs.map(one));
  return { commit: (bs) => tick(bs), close: () => db.close() };
}

async function measure(name, commit) {
  const all = ticks();
  const times = [];
  const t0 = performance.now();
  for (const bs of all) {
    const t = performance.now();
    await commit(bs);
    times.push(performance.now() - t);
  }
  const ms = performance.now() - t0;
  const rows = all.length * TICK * 20;
  const s = summarize(times);
  return {
    path: name,
    rows,
    'µs/record': round((ms * 1000) / rows, 1),
    'records/s': Math.round((rows / ms) * 1000),
    'tick p50 ms': round(s.p50, 2),
    'tick p99 ms': round(s.p99, 2),
    'tick max ms': round(s.max, 2),
  };
}

const out = [];
const old = oldPath();
out.push(await measure('before: per-record INSERT, UNIQUE', (bs) => old.commit(bs)));
old.close();
const dir = tempDir('store-ingest-new');
const path = join(dir, 'ww.db');
openSqliteStore(path).close();
const seedDb = new Database(path);
seed(seedDb);
seedDb.close();
const store = openSqliteStore(path);
out.push(await measure('after: store.recordBatches', (bs) => store.recordBatches(bs)));
await store.close();
console.log(
  JSON.stringify({ stations: STATIONS, tick: TICK, rounds: ROUNDS, results: out }, null, 1),
);
