import type pg from 'pg';
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
  StationRow,
  Store,
  StoredRecord,
  UserRow,
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
import { storeBatches } from './batch-statement.js';
import { pgDetectorQueries } from './detector-queries.js';
import {
  createPool,
  inTransaction,
  lockKey,
  migrate,
  params,
  parsePgUrl,
  redact,
  type Sql,
} from './pg-db.js';
import { pgReportQueries } from './report-queries.js';
import { pgSecurityQueries } from './security-queries.js';

/** JSONB paths per series metric; `mem` is computed as a percentage. */
const num = (path: string) => `(body #>> '{${path}}')::float8`;
const SERIES_SQL = {
  rtt: { kind: 'probe', avg: num('rttMs,avg'), min: num('rttMs,min'), max: num('rttMs,max') },
  loss: { kind: 'probe', avg: num('lossPct') },
  cpu: { kind: 'sys', avg: num('cpuPct') },
  mem: {
    kind: 'sys',
    avg: `100.0 * ${num('memUsedBytes')} / NULLIF(${num('memTotalBytes')}, 0)`,
  },
} as const;

/**
 * The PostgreSQL adapter: one pool (MVCC: reads never block the writers), every multi-step
 * verb in one transaction, row locks where two server instances could race.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres';
  readonly #pool: pg.Pool;
  readonly #detector: ReturnType<typeof pgDetectorQueries>;
  readonly #reports: ReturnType<typeof pgReportQueries>;
  readonly #security: ReturnType<typeof pgSecurityQueries>;
  #closed: Promise<void> | null = null;
  readonly #ingestLock: string;

  constructor(pool: pg.Pool, schema: string | null) {
    this.#pool = pool;
    this.#ingestLock = lockKey('ingest', schema);
    this.#detector = pgDetectorQueries(pool);
    this.#reports = pgReportQueries(pool, schema);
    this.#security = pgSecurityQueries(pool);
  }

  async #all<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]> {
    return (await this.#pool.query<R>(text, values)).rows;
  }
  async #run(text: string, values?: unknown[]): Promise<number> {
    return (await this.#pool.query(text, values)).rowCount ?? 0;
  }

  close(): Promise<void> {
    this.#closed ??= this.#pool.end();
    return this.#closed;
  }

  async countUsers(): Promise<number> {
    const [row] = await this.#all<{ n: number }>('SELECT count(*) AS n FROM users');
    return row?.n ?? 0;
  }
  async createUser(u: UserRow & { createdAt: number }): Promise<void> {
    await this.#run(
      'INSERT INTO users (username, password_hash, role, ward_id, created_at) VALUES ($1, $2, $3, $4, $5)',
      [u.username, u.passwordHash, u.role, u.wardId, u.createdAt],
    );
  }
  async getUser(username: string): Promise<UserRow | null> {
    const [row] = await this.#all<{
      username: string;
      password_hash: string;
      role: Role;
      ward_id: string | null;
    }>('SELECT username, password_hash, role, ward_id FROM users WHERE username = $1', [username]);
    return row
      ? {
          username: row.username,
          passwordHash: row.password_hash,
          role: row.role,
          wardId: row.ward_id,
        }
      : null;
  }

  async createSession(s: Parameters<Store['createSession']>[0]): Promise<void> {
    await this.#run('DELETE FROM sessions WHERE expires_at <= $1', [s.createdAt]);
    await this.#run(
      'INSERT INTO sessions (token_hash, username, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
      [s.tokenHash, s.username, s.csrfToken, s.createdAt, s.expiresAt],
    );
  }
  async getSession(tokenHash: string, now: number): Promise<SessionRow | null> {
    const [row] = await this.#all<{
      username: string;
      role: Role;
      ward_id: string | null;
      csrf_token: string;
      expires_at: number;
    }>(
      `SELECT s.username, u.role, u.ward_id, s.csrf_token, s.expires_at FROM sessions s
       JOIN users u ON u.username = s.username WHERE s.token_hash = $1 AND s.expires_at > $2`,
      [tokenHash, now],
    );
    return row
      ? {
          username: row.username,
          role: row.role,
          wardId: row.ward_id,
          csrfToken: row.csrf_token,
          expiresAt: row.expires_at,
        }
      : null;
  }
  async deleteSession(tokenHash: string): Promise<void> {
    await this.#run('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  async createWard(ward: Parameters<Store['createWard']>[0]): Promise<void> {
    await this.#run('INSERT INTO wards (id, name, district, created_at) VALUES ($1, $2, $3, $4)', [
      ward.id,
      ward.name,
      ward.district ?? null,
      ward.createdAt,
    ]);
  }
  async getWard(id: string) {
    const [row] = await this.#all<WardDbRow>('SELECT id, name, district FROM wards WHERE id = $1', [
      id,
    ]);
    return row ? toWard(row) : null;
  }
  async updateWard(ward: Parameters<Store['updateWard']>[0]): Promise<boolean> {
    const rows = await this.#all<{ id: string }>(
      'UPDATE wards SET name = $2, district = $3 WHERE id = $1 RETURNING id',
      [ward.id, ward.name, ward.district ?? null],
    );
    return rows.length === 1;
  }
  async listWards() {
    return (
      await this.#all<WardDbRow>('SELECT id, name, district FROM wards ORDER BY id COLLATE "C"')
    ).map(toWard);
  }

  async createEnrollmentToken(t: Parameters<Store['createEnrollmentToken']>[0]): Promise<void> {
    await this.#run(
      'INSERT INTO enrollment_tokens (token_hash, ward_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
      [t.tokenHash, t.wardId, t.createdAt, t.expiresAt],
    );
  }
  /** The conditional UPDATE takes the token's row lock: a concurrent second use finds it used. */
  enrollStation(e: Parameters<Store['enrollStation']>[0]): Promise<{ wardId: string } | null> {
    return inTransaction(this.#pool, async (sql) => {
      const { rows } = await sql.query<{ ward_id: string }>(
        `UPDATE enrollment_tokens SET used_at = $2, station_id = $3
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING ward_id`,
        [e.tokenHash, e.now, e.stationId],
      );
      const token = rows[0];
      if (!token) return null;
      await sql.query(
        'INSERT INTO stations (id, ward_id, hostname, credential_hash, created_at) VALUES ($1, $2, $3, $4, $5)',
        [e.stationId, token.ward_id, e.hostname, e.credentialHash, e.now],
      );
      return { wardId: token.ward_id };
    });
  }

  async getStationByCredential(hash: string): Promise<StationAuth | null> {
    const [row] = await this.#all<{
      id: string;
      ward_id: string;
      revoked_at: number | null;
      last_seq: number;
    }>('SELECT id, ward_id, revoked_at, last_seq FROM stations WHERE credential_hash = $1', [hash]);
    return row
      ? { id: row.id, wardId: row.ward_id, revokedAt: row.revoked_at, lastSeq: row.last_seq }
      : null;
  }
  async getStationRow(id: string): Promise<StationRow | null> {
    const [row] = await this.#all<StationDbRow>(
      `SELECT ${STATION_COLS} FROM stations WHERE id = $1`,
      [id],
    );
    return row ? toStation(row) : null;
  }
  async listStations(wardId?: string): Promise<StationRow[]> {
    const rows =
      wardId === undefined
        ? await this.#all<StationDbRow>(
            `SELECT ${STATION_COLS} FROM stations ORDER BY ward_id COLLATE "C", id COLLATE "C"`,
          )
        : await this.#all<StationDbRow>(
            `SELECT ${STATION_COLS} FROM stations WHERE ward_id = $1 ORDER BY id COLLATE "C"`,
            [wardId],
          );
    return rows.map(toStation);
  }
  async recordHello(h: Parameters<Store['recordHello']>[0]): Promise<number> {
    const [row] = await this.#all<{ last_seq: number }>(
      'UPDATE stations SET hostname = $1, agent_version = $2, os = $3, last_seen_at = $4 WHERE id = $5 RETURNING last_seq',
      [h.hostname, h.agentVersion, h.os, h.at, h.stationId],
    );
    return row?.last_seq ?? 0;
  }
  async touchStation(stationId: string, at: number): Promise<void> {
    await this.#run('UPDATE stations SET last_seen_at = $1 WHERE id = $2', [at, stationId]);
  }
  /**
   * Ingest transactions of every instance commit one after another (a transaction advisory
   * lock), so record ids are commit order: the leader's records feed reads `id > cursor`
   * and must never see a lower id commit after a higher one. One lock per 20 ms tick per
   * instance (docs/architecture.md, "Several instances"); it also keeps two instances' tick
   * statements from deadlocking on each other's station rows.
   */
  async #lockIngest(sql: Sql): Promise<void> {
    await sql.query('SELECT pg_advisory_xact_lock(hashtext($1))', [this.#ingestLock]);
  }
  async recordBatch(b: BatchInput): Promise<BatchResult> {
    const [result] = await this.recordBatches([b]);
    if (!result) throw new Error('store returned no result');
    return result;
  }
  recordBatches(bs: readonly BatchInput[]): Promise<BatchResult[]> {
    return inTransaction(this.#pool, async (sql) => {
      await this.#lockIngest(sql);
      return await storeBatches(sql, bs);
    });
  }

  async createTarget(t: Parameters<Store['createTarget']>[0]): Promise<void> {
    const rows = await this.#all<{ id: string }>(
      `INSERT INTO targets (${TARGET_COLS}, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ${TARGET_REVIVE} RETURNING id`,
      [...targetValues(t), t.createdAt],
    );
    if (rows.length === 0) throw new Error(`target ${t.id} already exists`);
  }
  async updateTarget(t: Parameters<Store['updateTarget']>[0]): Promise<boolean> {
    const rows = await this.#all<{ id: string }>(
      `UPDATE targets SET name = $2, probe = $3, host = $4, port = $5, url = $6, interval_ms = $7,
         timeout_ms = $8, ward_id = $9 WHERE id = $1 AND deleted_at IS NULL RETURNING id`,
      targetValues(t),
    );
    return rows.length === 1;
  }
  async deleteTarget(id: string, at: number): Promise<boolean> {
    const rows = await this.#all<{ id: string }>(
      'UPDATE targets SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL RETURNING id',
      [id, at],
    );
    return rows.length === 1;
  }
  async getTarget(id: string) {
    const [row] = await this.#all<TargetDbRow>(
      `SELECT ${TARGET_COLS} FROM targets WHERE id = $1 AND deleted_at IS NULL`,
      [id],
    );
    return row ? toTarget(row) : null;
  }
  async listTargets(wardId?: string) {
    const rows =
      wardId === undefined
        ? await this.#all<TargetDbRow>(
            `SELECT ${TARGET_COLS} FROM targets WHERE deleted_at IS NULL ORDER BY id COLLATE "C"`,
          )
        : await this.#all<TargetDbRow>(
            `SELECT ${TARGET_COLS} FROM targets WHERE deleted_at IS NULL
               AND (ward_id IS NULL OR ward_id = $1) ORDER BY id COLLATE "C"`,
            [wardId],
          );
    return rows.map(toTarget);
  }
  async listTargetsLiveSince(at: number) {
    const rows = await this.#all<TargetDbRow>(
      `SELECT ${TARGET_COLS} FROM targets WHERE deleted_at IS NULL OR deleted_at > $1
       ORDER BY id COLLATE "C"`,
      [at],
    );
    return rows.map(toTarget);
  }

  async listRecords(f: RecordFilter): Promise<StoredRecord[]> {
    const where: string[] = [];
    const { args, p } = params();
    if (f.stationId !== undefined) where.push(`station_id = ${p(f.stationId)}`);
    if (f.wardId !== undefined)
      where.push(`station_id IN (SELECT id FROM stations WHERE ward_id = ${p(f.wardId)})`);
    if (f.kind !== undefined) where.push(`kind = ${p(f.kind)}`);
    if (f.from !== undefined) where.push(`t >= ${p(f.from)}`);
    if (f.to !== undefined) where.push(`t < ${p(f.to)}`);
    const rows = await this.#all<{ station_id: string; seq: number; t: number; body: AgentRecord }>(
      `SELECT station_id, seq, t, body FROM records
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY t, station_id COLLATE "C", seq, idx LIMIT ${p(f.limit)}`,
      args,
    );
    return rows.map((row) => ({
      stationId: row.station_id,
      seq: row.seq,
      t: row.t,
      record: row.body,
    }));
  }

  async seriesSamples(f: SeriesFilter): Promise<SeriesSample[]> {
    const m = SERIES_SQL[f.metric];
    const min = 'min' in m ? m.min : m.avg;
    const max = 'max' in m ? m.max : m.avg;
    const byTarget = f.target !== undefined && m.kind === 'probe';
    const { args, p } = params();
    const sql = `SELECT t, ${m.avg} AS avg, ${min} AS min, ${max} AS max FROM records
      WHERE station_id = ${p(f.stationId)} AND kind = ${p(m.kind)}
      ${byTarget ? `AND target = ${p(f.target)}` : ''} AND t >= ${p(f.from)} AND t < ${p(f.to)}
      ORDER BY t`;
    const rows = await this.#all<{
      t: number;
      avg: number | null;
      min: number | null;
      max: number | null;
    }>(sql, args);
    const out: SeriesSample[] = [];
    for (const row of rows) {
      if (row.avg === null) continue;
      out.push({ t: row.t, avg: row.avg, min: row.min ?? row.avg, max: row.max ?? row.avg });
    }
    return out;
  }

  async appendAudit(e: AuditEntry): Promise<void> {
    await this.#run(
      'INSERT INTO audit_log (at, username, action, detail) VALUES ($1, $2, $3, $4)',
      [e.at, e.username, e.action, e.detail],
    );
  }
  listAudit(limit: number): Promise<AuditEntry[]> {
    return this.#all<AuditEntry & pg.QueryResultRow>(
      'SELECT at, username, action, detail FROM audit_log ORDER BY id DESC LIMIT $1',
      [limit],
    );
  }

  // The detector's, the reports' and the security part of the port (see the *-queries modules).
  applyIncidentChanges: Store['applyIncidentChanges'] = (c) =>
    this.#detector.applyIncidentChanges(c);
  listIncidents: Store['listIncidents'] = (f) => this.#detector.listIncidents(f);
  getIncident: Store['getIncident'] = (id) => this.#detector.getIncident(id);
  listOpenIncidents: Store['listOpenIncidents'] = () => this.#detector.listOpenIncidents();
  incidentTimeline: Store['incidentTimeline'] = (id) => this.#detector.incidentTimeline(id);
  acknowledgeIncident: Store['acknowledgeIncident'] = (a) => this.#detector.acknowledgeIncident(a);
  addIncidentNote: Store['addIncidentNote'] = (n) => this.#detector.addIncidentNote(n);
  getSetting: Store['getSetting'] = (key) => this.#detector.getSetting(key);
  setSetting: Store['setSetting'] = (key, value, at) => this.#detector.setSetting(key, value, at);
  listMaintenance: Store['listMaintenance'] = () => this.#detector.listMaintenance();
  createMaintenance: Store['createMaintenance'] = (w) => this.#detector.createMaintenance(w);
  deleteMaintenance: Store['deleteMaintenance'] = (id) => this.#detector.deleteMaintenance(id);
  listChannels: Store['listChannels'] = () => this.#detector.listChannels();
  getChannel: Store['getChannel'] = (id) => this.#detector.getChannel(id);
  createChannel: Store['createChannel'] = (c) => this.#detector.createChannel(c);
  deleteChannel: Store['deleteChannel'] = (id) => this.#detector.deleteChannel(id);
  listRules: Store['listRules'] = () => this.#detector.listRules();
  createRule: Store['createRule'] = (r) => this.#detector.createRule(r);
  deleteRule: Store['deleteRule'] = (id) => this.#detector.deleteRule(id);
  createDelivery: Store['createDelivery'] = (d) => this.#detector.createDelivery(d);
  recordAttempt: Store['recordAttempt'] = (a) => this.#detector.recordAttempt(a);
  dueDeliveries: Store['dueDeliveries'] = (now, limit) => this.#detector.dueDeliveries(now, limit);
  listDeliveries: Store['listDeliveries'] = (limit) => this.#detector.listDeliveries(limit);

  applyRollups: Store['applyRollups'] = (r) => this.#reports.applyRollups(r);
  reportSamples: Store['reportSamples'] = (from, to, cal) =>
    this.#reports.reportSamples(from, to, cal);
  listStationDevices: Store['listStationDevices'] = () => this.#reports.listStationDevices();
  listReportIncidents: Store['listReportIncidents'] = (from, to, wardId) =>
    this.#reports.listReportIncidents(from, to, wardId);
  pruneRecords: Store['pruneRecords'] = (cutoff, afterId, limit) =>
    this.#reports.pruneRecords(cutoff, afterId, limit);
  pruneRollups: Store['pruneRollups'] = (c5m, cDaily, limit) =>
    this.#reports.pruneRollups(c5m, cDaily, limit);
  pruneIncidents: Store['pruneIncidents'] = (cutoff, limit) =>
    this.#reports.pruneIncidents(cutoff, limit);

  listUsers: Store['listUsers'] = () => this.#security.listUsers();
  updateUser: Store['updateUser'] = (username, patch) => this.#security.updateUser(username, patch);
  deleteUser: Store['deleteUser'] = (username) => this.#security.deleteUser(username);
  countAdmins: Store['countAdmins'] = () => this.#security.countAdmins();
  deleteUserSessions: Store['deleteUserSessions'] = (username) =>
    this.#security.deleteUserSessions(username);
  revokeStation: Store['revokeStation'] = (id, at) => this.#security.revokeStation(id, at);
  rotateStationCredential: Store['rotateStationCredential'] = (id, hash) =>
    this.#security.rotateStationCredential(id, hash);
  listAuditPage: Store['listAuditPage'] = (limit, beforeId) =>
    this.#security.listAuditPage(limit, beforeId);
}

/**
 * Opens `postgres://…[?schema=NAME]`: connects, creates the schema when named, applies
 * pending migrations. An unreachable server is a clear error naming the (redacted) URL.
 */
export async function openPostgresStore(
  url: string,
  opts: { readOnly?: boolean } = {},
): Promise<PostgresStore> {
  const target = parsePgUrl(url);
  // A reader (the report worker) runs one query at a time and leaves migrating to the server.
  const pool = createPool(target, opts.readOnly ? 2 : undefined);
  if (opts.readOnly) return new PostgresStore(pool, target.schema);
  try {
    await migrate(pool, target.schema);
  } catch (err) {
    await pool.end().catch(() => {});
    throw new Error(
      `PostgreSQL at ${redact(url)}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  return new PostgresStore(pool, target.schema);
}
