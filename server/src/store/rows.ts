import { heldDownSpans } from '@wardwatch/shared';
import type {
  ChannelCreate,
  Delivery,
  DetectedIncident,
  IncidentKind,
  MaintenanceWindow,
  NotifyRule,
  Severity,
  Target,
  Ward,
} from '@wardwatch/shared';
import type { ChannelRow, IncidentRow } from './detector-store.js';
import type { ReportIncidentRow } from './report-store.js';
import type { StationRow } from './store.js';

/**
 * Row → domain mapping shared by the SQLite and PostgreSQL adapters. The two engines differ
 * only in column encodings: a JSON column is text in SQLite and already parsed (JSONB) in
 * PostgreSQL; a flag is 0/1 in SQLite and a BOOLEAN in PostgreSQL.
 */
export type JsonCol<T extends object> = string | T;
export type BoolCol = number | boolean;

/** Only for columns holding JSON objects or arrays (a parsed JSON string would be ambiguous). */
export const fromJson = <T extends object>(v: JsonCol<T>): T =>
  typeof v === 'string' ? (JSON.parse(v) as T) : v;
const fromBool = (v: BoolCol): boolean => v === true || v === 1;

export interface StationDbRow {
  id: string;
  ward_id: string;
  hostname: string;
  last_seen_at: number | null;
  last_rtt_ms: number | null;
  last_probe_ok: BoolCol | null;
}
export const STATION_COLS = 'id, ward_id, hostname, last_seen_at, last_rtt_ms, last_probe_ok';

export const toStation = (r: StationDbRow): StationRow => ({
  id: r.id,
  wardId: r.ward_id,
  hostname: r.hostname,
  lastSeenAt: r.last_seen_at,
  lastRttMs: r.last_rtt_ms,
  lastProbeOk: r.last_probe_ok === null ? null : fromBool(r.last_probe_ok),
});

export interface TargetDbRow {
  id: string;
  name: string;
  probe: Target['probe'];
  host: string | null;
  port: number | null;
  url: string | null;
  interval_ms: number;
  timeout_ms: number | null;
  ward_id: string | null;
}
export const TARGET_COLS = 'id, name, probe, host, port, url, interval_ms, timeout_ms, ward_id';
/** A create over a deleted target's id revives that row; over a live one it still conflicts. */
export const TARGET_REVIVE = `ON CONFLICT (id) DO UPDATE SET name = excluded.name,
  probe = excluded.probe, host = excluded.host, port = excluded.port, url = excluded.url,
  interval_ms = excluded.interval_ms, timeout_ms = excluded.timeout_ms,
  ward_id = excluded.ward_id, created_at = excluded.created_at, deleted_at = NULL
  WHERE targets.deleted_at IS NOT NULL`;

/** The column values of a target, in TARGET_COLS order. */
export function targetValues(t: Target): (string | number | null)[] {
  return [
    t.id,
    t.name,
    t.probe,
    t.host ?? null,
    t.port ?? null,
    t.url ?? null,
    t.intervalMs,
    t.timeoutMs ?? null,
    t.wardId ?? null,
  ];
}

export function toTarget(r: TargetDbRow): Target {
  const t: Target = { id: r.id, name: r.name, probe: r.probe, intervalMs: r.interval_ms };
  if (r.host !== null) t.host = r.host;
  if (r.port !== null) t.port = r.port;
  if (r.url !== null) t.url = r.url;
  if (r.timeout_ms !== null) t.timeoutMs = r.timeout_ms;
  if (r.ward_id !== null) t.wardId = r.ward_id;
  return t;
}

export interface WardDbRow {
  id: string;
  name: string;
  district: string | null;
}
export function toWard(r: WardDbRow): Ward {
  return r.district === null ? { id: r.id, name: r.name } : { ...r, district: r.district };
}

export interface IncidentDbRow {
  id: number;
  subject: string;
  kind: IncidentRow['kind'];
  ward_id: string;
  station_id: string | null;
  target: string | null;
  category: string | null;
  resource: string | null;
  started_at: number;
  ended_at: number | null;
  attribution: IncidentRow['attribution'];
  severity: Severity;
  evidence: JsonCol<Record<string, unknown>>;
  detail: JsonCol<Record<string, unknown>>;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
}

export const INCIDENT_COLS = `id, subject, kind, ward_id, station_id, target, category, resource, started_at,
  ended_at, attribution, severity, evidence, detail, acknowledged_at, acknowledged_by`;

/**
 * Values for `INSERT INTO incidents (subject, kind, ward_id, station_id, target, category,
 * resource, started_at, ended_at, attribution, severity, evidence, detail, updated_at)`, in
 * that order; evidence and detail already JSON text.
 */
export const incidentInsertValues = (
  inc: DetectedIncident,
  evidence: string,
  detail: string,
  at: number,
) => [
  inc.subject,
  inc.kind,
  inc.wardId,
  inc.stationId ?? null,
  inc.target ?? null,
  inc.category ?? null,
  inc.resource ?? null,
  inc.startedAt,
  inc.endedAt,
  inc.attribution,
  inc.severity,
  evidence,
  detail,
  at,
];

export function toIncident(r: IncidentDbRow): IncidentRow {
  const row: IncidentRow = {
    id: r.id,
    subject: r.subject,
    kind: r.kind,
    wardId: r.ward_id,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    attribution: r.attribution,
    severity: r.severity,
    acknowledged: r.acknowledged_at !== null,
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAt: r.acknowledged_at,
    evidence: fromJson(r.evidence),
    detail: fromJson(r.detail),
  };
  if (r.station_id !== null) row.stationId = r.station_id;
  if (r.target !== null) row.target = r.target;
  if (r.category !== null) row.category = r.category;
  if (r.resource !== null) row.resource = r.resource;
  return row;
}

export type ReportIncidentDbRow = Pick<
  IncidentDbRow,
  | 'id'
  | 'kind'
  | 'ward_id'
  | 'station_id'
  | 'target'
  | 'resource'
  | 'started_at'
  | 'ended_at'
  | 'attribution'
> & { detail: IncidentDbRow['detail'] | null };
/** Detail only where a report needs it: the down runs a flapping link_degraded carries. */
export const REPORT_INCIDENT_COLS = `id, kind, ward_id, station_id, target, resource, started_at,
  ended_at, attribution, CASE WHEN kind = 'link_degraded' THEN detail END AS detail`;

export function toReportIncident(row: ReportIncidentDbRow): ReportIncidentRow {
  const i: ReportIncidentRow = {
    id: row.id,
    kind: row.kind,
    wardId: row.ward_id,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    attribution: row.attribution,
  };
  if (row.station_id !== null) i.stationId = row.station_id;
  if (row.target !== null) i.target = row.target;
  if (row.resource !== null) i.resource = row.resource;
  const held = row.detail === null ? [] : heldDownSpans(fromJson(row.detail));
  if (held.length > 0) i.downSpans = held;
  return i;
}

export interface ChannelDbRow {
  id: number;
  name: string;
  kind: ChannelCreate['kind'];
  config: JsonCol<ChannelCreate['config']>;
  enabled: BoolCol;
}
export const CHANNEL_COLS = 'id, name, kind, config, enabled';

const SECRET_KEYS = new Set(['secret', 'botToken']);

export function toChannel(r: ChannelDbRow): ChannelRow {
  const secretConfig = fromJson(r.config);
  const config: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(secretConfig)) {
    config[k] = SECRET_KEYS.has(k) ? '***' : v;
  }
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    enabled: fromBool(r.enabled),
    config,
    secretConfig,
  };
}

export interface RuleDbRow {
  id: number;
  channel_id: number;
  ward_ids: JsonCol<string[]>;
  kinds: JsonCol<IncidentKind[]>;
  min_severity: Severity;
  on_close: BoolCol;
}
export const RULE_COLS = 'id, channel_id, ward_ids, kinds, min_severity, on_close';

export const toRule = (r: RuleDbRow): NotifyRule => ({
  id: r.id,
  channelId: r.channel_id,
  wardIds: fromJson(r.ward_ids),
  kinds: fromJson(r.kinds),
  minSeverity: r.min_severity,
  onClose: fromBool(r.on_close),
});

export interface DeliveryDbRow {
  id: number;
  channel_id: number;
  created_at: number;
  status: Delivery['status'];
  attempts: number;
  next_attempt_at: number | null;
  last_error: string | null;
  sent_at: number | null;
  subject: string;
  body: string;
  incident_ids: JsonCol<number[]>;
}
export const toDelivery = (r: DeliveryDbRow): Delivery => ({
  id: r.id,
  channelId: r.channel_id,
  createdAt: r.created_at,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  sentAt: r.sent_at,
  subject: r.subject,
  incidentIds: fromJson(r.incident_ids),
});

export interface WindowDbRow {
  id: number;
  name: string;
  starts_at: number;
  ends_at: number;
  recurrence: MaintenanceWindow['recurrence'];
  until: number | null;
  ward_id: string | null;
  target: string | null;
}
export const WINDOW_COLS = 'id, name, starts_at, ends_at, recurrence, until, ward_id, target';

export const toWindow = (r: WindowDbRow): MaintenanceWindow => ({
  id: r.id,
  name: r.name,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  recurrence: r.recurrence,
  until: r.until,
  wardId: r.ward_id,
  target: r.target,
});
