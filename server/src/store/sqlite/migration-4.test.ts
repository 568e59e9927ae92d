// A v3 database (records with the UNIQUE index) upgraded by openSqliteStore: rows kept, the
// index gone, the read indexes back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations.js';
import { openSqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function v3Database(path: string): void {
  const db = new Database(path);
  db.exec(
    'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  for (const m of MIGRATIONS.filter((x) => x.version <= 3)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(m.version, m.name);
  }
  db.exec(`INSERT INTO wards VALUES ('w', 'W', NULL, 0);
    INSERT INTO stations (id, ward_id, hostname, credential_hash, last_seq, created_at)
      VALUES ('s', 'w', 'pc', 'c', 2, 0);
    INSERT INTO records (station_id, seq, idx, kind, at, t, target, body) VALUES
      ('s', 1, 0, 'event', 5, 5, NULL, '{"kind":"event","at":5,"name":"agent_started"}'),
      ('s', 2, 0, 'event', 7, 7, NULL, '{"kind":"event","at":7,"name":"agent_started"}');`);
  db.close();
}

describe('migration 4 (records without UNIQUE)', () => {
  it('keeps the stored records and their order, drops only the unique index', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-m4-'));
    dirs.push(dir);
    const path = join(dir, 'ww.db');
    v3Database(path);
    const store = openSqliteStore(path);
    const got = await store.listRecords({ stationId: 's', limit: 10 });
    expect(got.map((r) => [r.seq, r.t])).toEqual([
      [1, 5],
      [2, 7],
    ]);
    // Still idempotent without the index: the station's last seq refuses the replay.
    const replay = await store.recordBatch({
      stationId: 's',
      seq: 2,
      offsetMs: 0,
      receivedAt: 9,
      records: [{ kind: 'event', at: 7, name: 'agent_started' }],
      probeSummary: { lastRttMs: null, lastProbeOk: null },
    });
    expect(replay).toEqual({ duplicate: true, lastSeq: 2 });
    expect(await store.listRecords({ stationId: 's', limit: 10 })).toHaveLength(2);
    await store.close();

    const db = new Database(path, { readonly: true });
    const indexes = db.prepare('PRAGMA index_list(records)').all() as {
      name: string;
      unique: number;
    }[];
    db.close();
    expect(indexes.filter((i) => i.unique === 1)).toEqual([]);
    expect(indexes.map((i) => i.name).sort()).toEqual([
      'records_station_kind_t',
      'records_station_target_t',
    ]);
  });
});
