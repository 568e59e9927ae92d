import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { AgentRecord, Role } from '@wardwatch/shared';
import type {
  AuditEntry,
  BatchInput,
  BatchResult,
  RecordFilter,
  SeriesFilter,
  SeriesSample,
  SessionRow,
  StationAuth,
  Store,
  StoredRecord,
} from '../store.js';
import {
  STATION_COLS,
  TARGET_COLS,
  TARGET_REVIVE,
  targetValues,
  toStation,
  toTarget,
  toWard,
  type StationDbRow,
  type TargetDbRow,
  type WardDbRow,
} from '../rows.js';
import { idleTruncate, startCheckpointer, type Checkpointer } from './checkpointer.js';
import { detectorQueries } from './detector-queries.js';
import { securityQueries } from './security-queries.js';
import { MIGRATIONS } from './migrations.js';
import { reportQueries } from './report-queries.js';
import { pushRecordRows, recordWriter } from './record-insert.js';
import { promised, type Synchronous } from './promised.js';

type Db = Database.Database;

const CHECKPOINT_EVERY_MS = 1000;
/** Seconds without a batch before the writer truncates the WAL. */
const IDLE_TRUNCATE_PERIODS = 5;
const BUSY_TIMEOUT_MS = 5000;

/** JSON paths per series metric; `mem` is computed as a percentage. */
const SERIES_SQL = {
  rtt: {
    kind: 'probe',
    avg: "json_extract(body, '$.rttMs.avg')",
    min: "json_extract(body, '$.rttMs.min')",
    max: "json_extract(body, '$.rttMs.max')",
  },
  loss: { kind: 'probe', avg: "json_extract(body, '$.lossPct')" },
  cpu: { kind: 'sys', avg: "json_extract(body, '$.cpuPct')" },
  mem: {
    kind: 'sys',
    avg: "100.0 * json_extract(body, '$.memUsedBytes') / NULLIF(json_extract(body, '$.memTotalBytes'), 0)",
  },
} as const;

export function migrate(db: Db): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const applied = new Set(
    db
      .prepare('SELECT version FROM schema_migrations')
      .pluck()
      .all()
      .map((v) => Number(v)),
  );
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        Date.now(),
      );
    })();
  }
}

export interface SqliteStoreOptions {
  /**
   * One read-only connection, no migrations and no checkpoints: for a worker thread that only
   * reads (reports) beside the process that writes. Every write verb fails with SQLITE_READONLY.
   */
  readOnly?: boolean;
}

/**
 * Opens (creating when missing) the database at `path`: one writer and one read-only reader.
 * better-sqlite3 is synchronous: the port's promises are settled when the call returns.
 */
export function openSqliteStore(path: string, opts: SqliteStoreOptions = {}): Store {
  if (opts.readOnly) {
    if (path === ':memory:') throw new Error('a read-only store needs a database file');
    return openConnections(path, new Database(path, { readonly: true, fileMustExist: true }));
  }
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const w = new Database(path);
  w.pragma('journal_mode = WAL');
  w.pragma('synchronous = NORMAL');
  w.pragma('foreign_keys = ON');
  w.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  migrate(w);
  return openConnections(path, w);
}

function openConnections(path: string, w: Db): Store {
  const readOnly = w.readonly;
  // A second connection so long reads never hold up the writer (WAL: readers see the last commit).
  const r =
    path === ':memory:' || readOnly
      ? w
      : new Database(path, { readonly: true, fileMustExist: true });
  r.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);

  const q = {
    countUsers: r.prepare('SELECT count(*) FROM users').pluck(),
    insertUser: w.prepare(
      'INSERT INTO users (username, password_hash, role, ward_id, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    getUser: w.prepare(
      'SELECT username, password_hash, role, ward_id FROM users WHERE username = ?',
    ),
    insertSession: w.prepare(
      'INSERT INTO sessions (token_hash, username, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    ),
    getSession: w.prepare(
      `SELECT s.username, u.role, u.ward_id, s.csrf_token, s.expires_at FROM sessions s
       JOIN users u ON u.username = s.username WHERE s.token_hash = ? AND s.expires_at > ?`,
    ),
    deleteSession: w.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    deleteExpiredSessions: w.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    insertWard: w.prepare('INSERT INTO wards (id, name, district, created_at) VALUES (?, ?, ?, ?)'),
    getWard: r.prepare('SELECT id, name, district FROM wards WHERE id = ?'),
    updateWard: w.prepare('UPDATE wards SET name = ?, district = ? WHERE id = ?'),
    listWards: r.prepare('SELECT id, name, district FROM wards ORDER BY id'),
    insertToken: w.prepare(
      'INSERT INTO enrollment_tokens (token_hash, ward_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
    ),
    getToken: w.prepare(
      'SELECT ward_id FROM enrollment_tokens WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?',
    ),
    useToken: w.prepare(
      'UPDATE enrollment_tokens SET used_at = ?, station_id = ? WHERE token_hash = ?',
    ),
    insertStation: w.prepare(
      'INSERT INTO stations (id, ward_id, hostname, credential_hash, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    stationByCredential: w.prepare(
      'SELECT id, ward_id, revoked_at, last_seq FROM stations WHERE credential_hash = ?',
    ),
    stationRow: w.prepare(`SELECT ${STATION_COLS} FROM stations WHERE id = ?`),
    listStations: r.prepare(`SELECT ${STATION_COLS} FROM stations ORDER BY ward_id, id`),
    listStationsOfWard: r.prepare(
      `SELECT ${STATION_COLS} FROM stations WHERE ward_id = ? ORDER BY id`,
    ),
    hello: w.prepare(
      'UPDATE stations SET hostname = ?, agent_version = ?, os = ?, last_seen_at = ? WHERE id = ? RETURNING last_seq',
    ),
    touch: w.prepare('UPDATE stations SET last_seen_at = ? WHERE id = ?'),
    lastSeq: w.prepare('SELECT last_seq FROM stations WHERE id = ?').pluck(),
    // Advances only a newer seq: no row back means a replay (or an unknown station).
    advance: w.prepare(
      `UPDATE stations SET last_seq = ?, last_seen_at = ?,
         last_rtt_ms = coalesce(?, last_rtt_ms), last_probe_ok = coalesce(?, last_probe_ok)
       WHERE id = ? AND last_seq < ? RETURNING ${STATION_COLS}`,
    ),
    insertTarget: w.prepare(
      `INSERT INTO targets (${TARGET_COLS}, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ${TARGET_REVIVE} RETURNING id`,
    ),
    updateTarget: w.prepare(
      `UPDATE targets SET name = ?, probe = ?, host = ?, port = ?, url = ?, interval_ms = ?,
         timeout_ms = ?, ward_id = ? WHERE id = ? AND deleted_at IS NULL`,
    ),
    deleteTarget: w.prepare(
      'UPDATE targets SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL',
    ),
    getTarget: w.prepare(`SELECT ${TARGET_COLS} FROM targets WHERE id = ? AND deleted_at IS NULL`),
    // Targets are read by the ingest (welcome) too: the writer connection keeps them fresh.
    listTargets: w.prepare(
      `SELECT ${TARGET_COLS} FROM targets WHERE deleted_at IS NULL ORDER BY id`,
    ),
    listTargetsOfWard: w.prepare(
      `SELECT ${TARGET_COLS} FROM targets WHERE deleted_at IS NULL
         AND (ward_id IS NULL OR ward_id = ?) ORDER BY id`,
    ),
    listTargetsLiveSince: w.prepare(
      `SELECT ${TARGET_COLS} FROM targets WHERE deleted_at IS NULL OR deleted_at > ? ORDER BY id`,
    ),
    insertAudit: w.prepare(
      'INSERT INTO audit_log (at, username, action, detail) VALUES (?, ?, ?, ?)',
    ),
    listAudit: r.prepare(
      'SELECT at, username, action, detail FROM audit_log ORDER BY id DESC LIMIT ?',
    ),
  };

  const enroll = w.transaction(
    (e: Parameters<Store['enrollStation']>[0]): { wardId: string } | null => {
      const token = q.getToken.get(e.tokenHash, e.now) as { ward_id: string } | undefined;
      if (!token) return null;
      q.useToken.run(e.now, e.stationId, e.tokenHash);
      q.insertStation.run(e.stationId, token.ward_id, e.hostname, e.credentialHash, e.now);
      return { wardId: token.ward_id };
    },
  );

  const writeRecords = recordWriter(w);
  /**
   * The station's seq check and advance, one statement per batch; the new batch's rows go to
   * `rows`, written by the caller in multi-row INSERTs inside the same transaction. The
   * station's last seq is what keeps a replay from being stored twice (no UNIQUE index).
   */
  const advanceOne = (b: BatchInput, rows: unknown[]): BatchResult => {
    const { lastRttMs, lastProbeOk } = b.probeSummary;
    const row = q.advance.get(
      b.seq,
      b.receivedAt,
      lastRttMs,
      lastProbeOk === null ? null : lastProbeOk ? 1 : 0,
      b.stationId,
      b.seq,
    ) as StationDbRow | undefined;
    if (!row) {
      const lastSeq = q.lastSeq.get(b.stationId) as number | undefined;
      if (lastSeq === undefined) throw new Error(`station ${b.stationId} vanished during a batch`);
      return { duplicate: true, lastSeq: Number(lastSeq) };
    }
    pushRecordRows(rows, b.stationId, b.seq, b.offsetMs, b.records);
    return { duplicate: false, lastSeq: b.seq, station: toStation(row) };
  };
  // One transaction for a whole tick of batches: BEGIN/COMMIT dominate per-batch commits.
  const batches = w.transaction((bs: readonly BatchInput[]): BatchResult[] => {
    const rows: unknown[] = [];
    const results = bs.map((b) => advanceOne(b, rows));
    writeRecords(rows);
    return results;
  });
  const batch = (b: BatchInput): BatchResult => batches([b])[0] as BatchResult;

  // Checkpoints leave the commit path: auto-checkpoint off on the writer, a worker thread
  // checkpoints on a timer (see checkpointer.ts).
  let checkpointer: Checkpointer | null = null;
  let batchesSinceTruncate = 0;
  let quietPeriods = 0;
  let truncateTimer: NodeJS.Timeout | null = null;
  if (path !== ':memory:' && !readOnly) {
    w.pragma('wal_autocheckpoint = 0');
    checkpointer = startCheckpointer(path, CHECKPOINT_EVERY_MS);
    truncateTimer = setInterval(() => {
      if (batchesSinceTruncate > 0) {
        batchesSinceTruncate = 0;
        quietPeriods = 0;
      } else if (++quietPeriods % IDLE_TRUNCATE_PERIODS === 0) {
        idleTruncate(w, BUSY_TIMEOUT_MS);
      }
    }, CHECKPOINT_EVERY_MS);
    truncateTimer.unref();
  }

  let closed = false;
  const store: Synchronous<Store> = {
    ...detectorQueries(w, r),
    ...reportQueries(w, r),
    ...securityQueries(w, r),
    kind: 'sqlite',
    close() {
      if (closed) return;
      closed = true;
      if (truncateTimer) clearInterval(truncateTimer);
      if (r !== w) r.close();
      w.close();
    },

    countUsers: () => Number(q.countUsers.get()),
    createUser(u) {
      q.insertUser.run(u.username, u.passwordHash, u.role, u.wardId, u.createdAt);
    },
    getUser(username) {
      const row = q.getUser.get(username) as
        { username: string; password_hash: string; role: Role; ward_id: string | null } | undefined;
      return row
        ? {
            username: row.username,
            passwordHash: row.password_hash,
            role: row.role,
            wardId: row.ward_id,
          }
        : null;
    },

    createSession(s) {
      q.deleteExpiredSessions.run(s.createdAt);
      q.insertSession.run(s.tokenHash, s.username, s.csrfToken, s.createdAt, s.expiresAt);
    },
    getSession(tokenHash, now): SessionRow | null {
      const row = q.getSession.get(tokenHash, now) as
        | {
            username: string;
            role: Role;
            ward_id: string | null;
            csrf_token: string;
            expires_at: number;
          }
        | undefined;
      return row
        ? {
            username: row.username,
            role: row.role,
            wardId: row.ward_id,
            csrfToken: row.csrf_token,
            expiresAt: row.expires_at,
          }
        : null;
    },
    deleteSession(tokenHash) {
      q.deleteSession.run(tokenHash);
    },

    createWard(ward) {
      q.insertWard.run(ward.id, ward.name, ward.district ?? null, ward.createdAt);
    },
    getWard(id) {
      const row = q.getWard.get(id) as WardDbRow | undefined;
      return row ? toWard(row) : null;
    },
    updateWard(ward) {
      return q.updateWard.run(ward.name, ward.district ?? null, ward.id).changes === 1;
    },
    listWards: () => (q.listWards.all() as WardDbRow[]).map(toWard),

    createEnrollmentToken(t) {
      q.insertToken.run(t.tokenHash, t.wardId, t.createdAt, t.expiresAt);
    },
    enrollStation: (e) => enroll(e),

    getStationByCredential(hash): StationAuth | null {
      const row = q.stationByCredential.get(hash) as
        { id: string; ward_id: string; revoked_at: number | null; last_seq: number } | undefined;
      return row
        ? { id: row.id, wardId: row.ward_id, revokedAt: row.revoked_at, lastSeq: row.last_seq }
        : null;
    },
    getStationRow(id) {
      const row = q.stationRow.get(id) as StationDbRow | undefined;
      return row ? toStation(row) : null;
    },
    listStations(wardId) {
      const rows = (
        wardId === undefined ? q.listStations.all() : q.listStationsOfWard.all(wardId)
      ) as StationDbRow[];
      return rows.map(toStation);
    },
    recordHello(h) {
      const row = q.hello.get(h.hostname, h.agentVersion, h.os, h.at, h.stationId) as
        { last_seq: number } | undefined;
      return row?.last_seq ?? 0;
    },
    touchStation(stationId, at) {
      q.touch.run(at, stationId);
    },
    recordBatch: (b) => {
      batchesSinceTruncate++;
      checkpointer?.wrote();
      return batch(b);
    },
    recordBatches: (bs) => {
      batchesSinceTruncate += bs.length;
      checkpointer?.wrote();
      return batches(bs);
    },

    createTarget(t) {
      if (!q.insertTarget.get(...targetValues(t), t.createdAt)) {
        throw new Error(`target ${t.id} already exists`);
      }
    },
    updateTarget(t) {
      const [id, ...fields] = targetValues(t);
      return q.updateTarget.run(...fields, id).changes === 1;
    },
    deleteTarget(id, at) {
      return q.deleteTarget.run(at, id).changes === 1;
    },
    listTargetsLiveSince(at) {
      return (q.listTargetsLiveSince.all(at) as TargetDbRow[]).map(toTarget);
    },
    getTarget(id) {
      const row = q.getTarget.get(id) as TargetDbRow | undefined;
      return row ? toTarget(row) : null;
    },
    listTargets(wardId) {
      const rows = (
        wardId === undefined ? q.listTargets.all() : q.listTargetsOfWard.all(wardId)
      ) as TargetDbRow[];
      return rows.map(toTarget);
    },

    listRecords(f: RecordFilter): StoredRecord[] {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (f.stationId !== undefined) {
        where.push('station_id = ?');
        args.push(f.stationId);
      }
      if (f.wardId !== undefined) {
        where.push('station_id IN (SELECT id FROM stations WHERE ward_id = ?)');
        args.push(f.wardId);
      }
      if (f.kind !== undefined) {
        where.push('kind = ?');
        args.push(f.kind);
      }
      if (f.from !== undefined) {
        where.push('t >= ?');
        args.push(f.from);
      }
      if (f.to !== undefined) {
        where.push('t < ?');
        args.push(f.to);
      }
      const sql = `SELECT station_id, seq, t, body FROM records
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY t, station_id, seq, idx LIMIT ?`;
      const rows = r.prepare(sql).all(...args, f.limit) as {
        station_id: string;
        seq: number;
        t: number;
        body: string;
      }[];
      return rows.map((row) => ({
        stationId: row.station_id,
        seq: row.seq,
        t: row.t,
        record: JSON.parse(row.body) as AgentRecord,
      }));
    },

    seriesSamples(f: SeriesFilter): SeriesSample[] {
      const m = SERIES_SQL[f.metric];
      const min = 'min' in m ? m.min : m.avg;
      const max = 'max' in m ? m.max : m.avg;
      const byTarget = f.target !== undefined && m.kind === 'probe';
      const sql = `SELECT t, ${m.avg} AS avg, ${min} AS min, ${max} AS max FROM records
        WHERE station_id = ? AND kind = ? ${byTarget ? 'AND target = ?' : ''} AND t >= ? AND t < ?
        ORDER BY t`;
      const args: (string | number)[] = [f.stationId, m.kind];
      if (byTarget && f.target !== undefined) args.push(f.target);
      args.push(f.from, f.to);
      const rows = r.prepare(sql).all(...args) as {
        t: number;
        avg: number | null;
        min: number | null;
        max: number | null;
      }[];
      const out: SeriesSample[] = [];
      for (const row of rows) {
        if (row.avg === null) continue;
        out.push({ t: row.t, avg: row.avg, min: row.min ?? row.avg, max: row.max ?? row.avg });
      }
      return out;
    },

    appendAudit(e: AuditEntry) {
      q.insertAudit.run(e.at, e.username, e.action, e.detail);
    },
    listAudit: (limit) => q.listAudit.all(limit) as AuditEntry[],
  };
  const api = promised<Store>(store);
  return {
    ...api,
    // The checkpoint worker holds its own connection: closing waits for it too.
    async close() {
      const worker = checkpointer?.close();
      checkpointer = null;
      await api.close();
      await worker;
    },
  };
}
