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

/** The storage port: domain verbs, no SQL. Reads go to a read-only connection where possible. */
export interface Store extends DetectorStore, SecurityStore, ReportStore {
  readonly kind: string;
  close(): void;

  countUsers(): number;
  createUser(user: UserRow & { createdAt: number }): void;
  getUser(username: string): UserRow | null;

  createSession(s: {
    tokenHash: string;
    username: string;
    csrfToken: string;
    createdAt: number;
    expiresAt: number;
  }): void;
  getSession(tokenHash: string, now: number): SessionRow | null;
  deleteSession(tokenHash: string): void;

  createWard(ward: Ward & { createdAt: number }): void;
  getWard(id: string): Ward | null;
  listWards(): Ward[];

  createEnrollmentToken(t: {
    tokenHash: string;
    wardId: string;
    createdAt: number;
    expiresAt: number;
  }): void;
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
  }): { wardId: string } | null;

  getStationByCredential(credentialHash: string): StationAuth | null;
  getStationRow(id: string): StationRow | null;
  listStations(wardId?: string): StationRow[];
  recordHello(h: {
    stationId: string;
    hostname: string;
    agentVersion: string;
    os: string;
    at: number;
  }): number;
  touchStation(stationId: string, at: number): void;
  /** Store a batch and advance the station's last seq in one transaction (duplicates: nothing). */
  recordBatch(batch: BatchInput): BatchResult;
  /** Many batches (in order) in ONE transaction: all committed, or none (it throws). */
  recordBatches(batches: readonly BatchInput[]): BatchResult[];

  createTarget(target: Target & { createdAt: number }): void;
  getTarget(id: string): Target | null;
  listTargets(wardId?: string): Target[];

  listRecords(filter: RecordFilter): StoredRecord[];
  seriesSamples(filter: SeriesFilter): SeriesSample[];

  appendAudit(entry: AuditEntry): void;
  listAudit(limit: number): AuditEntry[];
}
