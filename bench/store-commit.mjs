#!/usr/bin/env node
// Store micro-benchmark behind the ingest profile: the server's own schema (its migrations from
// server/dist) and its write statements, fed the 10,000-agent load (1,000 batches/s × 20
// records) as fast as possible, committing (a) one transaction per batch — what the server
// does today — (b) the same with WAL auto-checkpoint off, (c) one transaction per tick of 50
// batches (≈ 50 ms of that load), (d) per tick with auto-checkpoint off. (With it off, the
// server would checkpoint on a timer from another connection or a worker thread.) Reports batches/s and the per-commit time distribution
// (stalls are what push the console p99 past 500 ms).
// Usage: node bench/store-commit.mjs [--batches 20000] [--tick 50]
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './lib/machine.mjs';
import { round, summarize } from './lib/stats.mjs';
import { tempDir } from './lib/tmp.mjs';
import { probeBatchRecords } from './lib/probe-batch.mjs';

const { values } = parseArgs({
  options: {
    batches: { type: 'string', default: '20000' },
    tick: { type: 'string', default: '50' },
  },
});
const BATCHES = Number(values.batches);
const TICK = Number(values.tick);
const STATIONS = 10_000;
const Database = createRequire(join(ROOT, 'server', 'package.json'))('better-sqlite3');
const { migrate } = await import('../server/dist/store/sqlite/sqlite-store.js');

function open(mode) {
  const db = new Database(join(tempDir(`store-${mode}`), 'ww.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  if (mode.includes('no autocheckpoint')) db.pragma('wal_autocheckpoint = 0');
  db.prepare('INSERT INTO wards (id, name, created_at) VALUES (?, ?, ?)').run('w', 'w', 0);
  const ins = db.prepare(
    'INSERT INTO stations (id, ward_id, hostname, credential_hash, created_at) VALUES (?, ?, ?, ?, 0)',
  );
  db.transaction(() => {
    for (let i = 0; i < STATIONS; i++) ins.run(`s${i}`, 'w', `h${i}`, `c${i}`);
  })();
  return db;
}

function runMode(mode) {
  const db = open(mode);
  const lastSeq = db.prepare('SELECT last_seq FROM stations WHERE id = ?').pluck();
  const insert = db.prepare(
    'INSERT OR IGNORE INTO records (station_id, seq, idx, kind, at, t, target, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const advance = db.prepare(
    'UPDATE stations SET last_seq = ?, last_seen_at = ? WHERE id = ? RETURNING id',
  );
  const one = (b) => {
    if (b.seq <= Number(lastSeq.get(b.stationId) ?? 0)) return;
    b.records.forEach((r, idx) =>
      insert.run(b.stationId, b.seq, idx, r.kind, r.at, r.at, r.target, JSON.stringify(r)),
    );
    advance.get(b.seq, Date.now(), b.stationId);
  };
  const perBatch = db.transaction(one);
  const perTick = db.transaction((bs) => bs.forEach(one));
  const seqs = new Map();
  const next = (i) => {
    // Stations in a shuffled order, as batches arrive from independent agents.
    const stationId = `s${(i * 7919) % STATIONS}`;
    const seq = (seqs.get(stationId) ?? 0) + 1;
    seqs.set(stationId, seq);
    return { stationId, seq, records: probeBatchRecords(Date.now()) };
  };
  const commits = [];
  const t0 = performance.now();
  if (mode.startsWith('per-tick')) {
    for (let i = 0; i < BATCHES; i += TICK) {
      const bs = Array.from({ length: Math.min(TICK, BATCHES - i) }, (_, k) => next(i + k));
      const c0 = performance.now();
      perTick(bs);
      commits.push(performance.now() - c0);
    }
  } else {
    for (let i = 0; i < BATCHES; i++) {
      const b = next(i);
      const c0 = performance.now();
      perBatch(b);
      commits.push(performance.now() - c0);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  db.close();
  const s = summarize(commits);
  return {
    mode,
    'batches/s': Math.round(BATCHES / seconds),
    'records/s': Math.round((BATCHES * 20) / seconds),
    commits: commits.length,
    'commit p50 ms': round(s.p50, 2),
    'commit p99 ms': round(s.p99, 2),
    'commit max ms': round(s.max, 1),
    // Worst event-loop block per 1,000 batches (1 s of 10,000-agent load) in per-batch mode is
    // the sum of those commits; per tick it is one commit.
  };
}

const rows = [
  'per-batch (server today)',
  'per-batch, no autocheckpoint',
  `per-tick (${TICK})`,
  `per-tick (${TICK}), no autocheckpoint`,
].map(runMode);
console.table(rows);
process.stdout.write(`${JSON.stringify({ batches: BATCHES, tick: TICK, rows })}\n`);
