import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { AgentRecord } from '@wardwatch/shared';
import {
  MAX_ROWS_PER_INSERT,
  RECORD_COLS,
  insertSql,
  pushRecordRows,
  recordWriter,
} from './record-insert.js';

const probe = (at: number, target: string): AgentRecord => ({
  kind: 'probe',
  at,
  target,
  probe: 'tcp',
  ok: true,
  rttMs: { min: 2, avg: 3, max: 4, mdev: 1 },
  sent: 1,
  received: 1,
  lossPct: 0,
});

function recordsDb() {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE records (id INTEGER PRIMARY KEY, station_id TEXT NOT NULL, seq INTEGER NOT NULL,
    idx INTEGER NOT NULL, kind TEXT NOT NULL, at INTEGER NOT NULL, t INTEGER NOT NULL, target TEXT,
    body TEXT NOT NULL)`);
  return db;
}

describe('pushRecordRows', () => {
  it('appends 8 parameters per record: index, server time, target, body', () => {
    const out: unknown[] = [];
    const event: AgentRecord = { kind: 'event', at: 100, name: 'agent_started' };
    pushRecordRows(out, 's1', 7, 50.4, [event, probe(-200, 'gw')]);
    expect(out).toEqual([
      ...['s1', 7, 0, 'event', 100, 150, null, JSON.stringify(event)],
      // A time before the epoch after the offset is clamped to 0.
      ...['s1', 7, 1, 'probe', -200, 0, 'gw', JSON.stringify(probe(-200, 'gw'))],
    ]);
  });
});

describe('insertSql', () => {
  it('has one placeholder group per row', () => {
    const sql = insertSql(3);
    expect(sql.match(/\(\?, \?, \?, \?, \?, \?, \?, \?\)/g)).toHaveLength(3);
  });
});

describe('recordWriter', () => {
  it('writes every row, in order, across several statements', () => {
    const db = recordsDb();
    const write = recordWriter(db);
    const rows: unknown[] = [];
    const n = MAX_ROWS_PER_INSERT * 2 + 5;
    const recs = Array.from({ length: n }, (_, i) => probe(1000 + i, `t${i}`));
    pushRecordRows(rows, 's1', 1, 0, recs);
    write(rows);
    const stored = db.prepare('SELECT idx, t, target FROM records ORDER BY id').all() as {
      idx: number;
      t: number;
      target: string;
    }[];
    expect(stored).toHaveLength(n);
    stored.forEach((r, i) => expect(r).toEqual({ idx: i, t: 1000 + i, target: `t${i}` }));
  });

  it('writes nothing for no rows and refuses a partial row', () => {
    const db = recordsDb();
    const write = recordWriter(db);
    write([]);
    expect(db.prepare('SELECT count(*) FROM records').pluck().get()).toBe(0);
    expect(() => write(Array(RECORD_COLS - 1).fill(1))).toThrow(/parameter count/);
  });
});
