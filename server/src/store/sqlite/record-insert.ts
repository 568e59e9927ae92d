import type Database from 'better-sqlite3';
import type { AgentRecord } from '@wardwatch/shared';

type Db = Database.Database;
type Statement = Database.Statement;

/** Columns of one records row, in statement order. */
const COLS = ['station_id', 'seq', 'idx', 'kind', 'at', 't', 'target', 'body'] as const;
export const RECORD_COLS = COLS.length;
/** Rows per INSERT statement: 128 × 8 = 1,024 parameters, far below SQLite's limit. */
export const MAX_ROWS_PER_INSERT = 128;

/**
 * Appends one batch's rows to `out` as flat statement parameters (8 per record). Pure: the
 * caller decides when they are written.
 */
export function pushRecordRows(
  out: unknown[],
  stationId: string,
  seq: number,
  offsetMs: number,
  records: readonly AgentRecord[],
): void {
  for (let idx = 0; idx < records.length; idx++) {
    const rec = records[idx] as AgentRecord;
    const t = Math.max(0, Math.round(rec.at + offsetMs));
    const target = 'target' in rec && rec.target !== undefined ? rec.target : null;
    out.push(stationId, seq, idx, rec.kind, rec.at, t, target, JSON.stringify(rec));
  }
}

/** `INSERT … VALUES (?, …), (?, …)` for `rows` rows. */
export function insertSql(rows: number): string {
  const one = `(${COLS.map(() => '?').join(', ')})`;
  return `INSERT INTO records (${COLS.join(', ')}) VALUES ${Array(rows).fill(one).join(', ')}`;
}

/**
 * Writes record rows with multi-row INSERTs: one statement per up to MAX_ROWS_PER_INSERT rows
 * instead of one per record (the per-record `run` was the ingest's largest main-thread cost).
 * Statements are prepared once per row count and kept.
 */
export function recordWriter(w: Db): (params: readonly unknown[]) => void {
  const byRows = new Map<number, Statement>();
  const statement = (rows: number): Statement => {
    let s = byRows.get(rows);
    if (!s) {
      s = w.prepare(insertSql(rows));
      byRows.set(rows, s);
    }
    return s;
  };
  const chunk = MAX_ROWS_PER_INSERT * RECORD_COLS;
  return (params) => {
    if (params.length % RECORD_COLS !== 0) throw new Error('record rows: wrong parameter count');
    for (let i = 0; i < params.length; i += chunk) {
      const part =
        params.length - i > chunk ? params.slice(i, i + chunk) : i === 0 ? params : params.slice(i);
      statement(part.length / RECORD_COLS).run(part);
    }
  };
}
