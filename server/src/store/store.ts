import type { AgentRecord, RecordKind, Role, SeriesMetric, Target, Ward } from '@wardwatch/shared';
import type { DetectorStore } from './detector-store.js';
import type { ReportStore } from './report-store.js';
import type { SecurityStore } from './security-store.js';

export interface UserRow {
  username: string;
  passwordHash: string;
  role: Role;
  wardId: string | null;
}

export interface SessionRow {
  username: string;
  role: Role;
  wardId: string | null;
  csrfToken: string;
  expiresAt: number;
}

export interface StationAuth {
  id: string;
  wardId: string;
  revokedAt: number | null;
  lastSeq: number;
}

/** What the store keeps about a station; `online` is live state and lives elsewhere. */
export interface StationRow {
  id: string;
  wardId: string;
  hostname: string;
  lastSeenAt: number | null;
  lastRttMs: number | null;
  lastProbeOk: boolean | null;
}

export interface BatchInput {
  stationId: string;
  seq: number;
  /** Server time minus the agent's clock, measured at hello. */
  offsetMs: number;
  receivedAt: number;
  records: readonly AgentRecord[];
  /** The station's new `lastRttMs`/`lastProbeOk`; null keeps the stored value. */
  probeSummary: { lastRttMs: number | null; lastProbeOk: boolean | null };
}

export type BatchResult =
  { duplicate: true; lastSeq: number } | { duplicate: false; lastSeq: number; station: StationRow };

export interface StoredRecord {
  stationId: string;
  seq: number;
  t: number;
  record: AgentRecord;
}

export interface RecordFilter {
  stationId?: string;
  wardId?: string;
  kind?: RecordKind;
  from?: number;
  to?: number;
  limit: number;
}

/** One measurement for a series; for single-valued metrics min = avg = max. */
export interface SeriesSample {
  t: number;
  avg: number;
  min: number;
  max: number;
}

export interface SeriesFilter {
  stationId: string;
  target?: string;
  metric: SeriesMetric;
  from: number;
  to: number;
}

export interface AuditEntry {
  at: number;
  username: string;
  action: string;
  detail: string;
}

/**
 * The storage port: domain verbs, no SQL. Every verb returns a promise (the PostgreSQL adapter
 * is truly asynchronous; SQLite settles at once). Reads go to a read-only connection where possible.
 */
export interface Store extends DetectorStore, SecurityStore, ReportStore {
  readonly kind: string;
  close(): Promise<void>;

  countUsers(): Promise<number>;
  createUser(user: UserRow & { createdAt: number }): Promise<void>;
  getUser(username: string): Promise<UserRow | null>;

  createSession(s: {
    tokenHash: string;
    username: string;
    csrfToken: string;
    createdAt: number;
    expiresAt: number;
  }): Promise<void>;
  getSession(tokenHash: string, now: number): Promise<SessionRow | null>;
  deleteSession(tokenHash: string): Promise<void>;

  createWard(ward: Ward & { createdAt: number }): Promise<void>;
  getWard(id: string): Promise<Ward | null>;
  /** Replaces a ward's name and district; false when there is no such ward. */
  updateWard(ward: Ward): Promise<boolean>;
  listWards(): Promise<Ward[]>;

  createEnrollmentToken(t: {
    tokenHash: string;
    wardId: string;
    createdAt: number;
    expiresAt: number;
  }): Promise<void>;
  /**
   * Consume a one-time token and create the station in one transaction.
   * Returns null when the token is unknown, used or expired.
   */
  enrollStation(e: {
    tokenHash: string;
    now: number;
    stationId: string;
    hostname: string;
    credentialHash: string;
  }): Promise<{ wardId: string } | null>;

  getStationByCredential(credentialHash: string): Promise<StationAuth | null>;
  getStationRow(id: string): Promise<StationRow | null>;
  listStations(wardId?: string): Promise<StationRow[]>;
  recordHello(h: {
    stationId: string;
    hostname: string;
    agentVersion: string;
    os: string;
    at: number;
  }): Promise<number>;
  touchStation(stationId: string, at: number): Promise<void>;
  /** Store a batch and advance the station's last seq in one transaction (duplicates: nothing). */
  recordBatch(batch: BatchInput): Promise<BatchResult>;
  /** Many batches (in order) in ONE transaction: all committed, or none (it rejects). */
  recordBatches(batches: readonly BatchInput[]): Promise<BatchResult[]>;

  /** Creates a target; an id that names a deleted target brings that one back (its history too). */
  createTarget(target: Target & { createdAt: number }): Promise<void>;
  /** Replaces a live target's fields; false when there is no live target with that id. */
  updateTarget(target: Target): Promise<boolean>;
  /**
   * Deletes a target from the live config; its records and incidents stay, and reports of
   * periods before `at` still list it. False when there is no live target with that id.
   */
  deleteTarget(id: string, at: number): Promise<boolean>;
  /** A live target (deleted ones are not found). */
  getTarget(id: string): Promise<Target | null>;
  /** Live targets: every ward's and, with `wardId`, that ward's own. */
  listTargets(wardId?: string): Promise<Target[]>;
  /** Targets live now or deleted after `at`: the ones a report from `at` on must name. */
  listTargetsLiveSince(at: number): Promise<Target[]>;

  listRecords(filter: RecordFilter): Promise<StoredRecord[]>;
  seriesSamples(filter: SeriesFilter): Promise<SeriesSample[]>;

  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(limit: number): Promise<AuditEntry[]>;
}
