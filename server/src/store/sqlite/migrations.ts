import { MIGRATION_3 } from './migration-3-reports.js';
import { MIGRATION_4 } from './migration-4-records-no-unique.js';

/** Versioned schema; each entry runs once, in order, inside a transaction. */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE wards (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        district TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE stations (
        id TEXT PRIMARY KEY,
        ward_id TEXT NOT NULL REFERENCES wards(id),
        hostname TEXT NOT NULL,
        credential_hash TEXT NOT NULL UNIQUE,
        revoked_at INTEGER,
        last_seq INTEGER NOT NULL DEFAULT 0,
        last_seen_at INTEGER,
        last_rtt_ms REAL,
        last_probe_ok INTEGER,
        os TEXT,
        agent_version TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX stations_ward ON stations(ward_id);
      CREATE TABLE enrollment_tokens (
        token_hash TEXT PRIMARY KEY,
        ward_id TEXT NOT NULL REFERENCES wards(id),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER,
        station_id TEXT
      );
      CREATE TABLE users (
        username TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'officer', 'viewer')),
        ward_id TEXT REFERENCES wards(id),
        created_at INTEGER NOT NULL
      );
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        username TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
        csrf_token TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE TABLE targets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        probe TEXT NOT NULL,
        host TEXT,
        port INTEGER,
        url TEXT,
        interval_ms INTEGER NOT NULL,
        timeout_ms INTEGER,
        ward_id TEXT REFERENCES wards(id),
        created_at INTEGER NOT NULL
      );
      CREATE TABLE records (
        id INTEGER PRIMARY KEY,
        station_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        kind TEXT NOT NULL,
        at INTEGER NOT NULL,
        t INTEGER NOT NULL,
        target TEXT,
        body TEXT NOT NULL,
        UNIQUE (station_id, seq, idx)
      );
      CREATE INDEX records_station_kind_t ON records(station_id, kind, t);
      CREATE INDEX records_station_target_t ON records(station_id, target, t);
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        username TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'incidents-maintenance-notifications',
    sql: `
      CREATE TABLE incidents (
        id INTEGER PRIMARY KEY,
        subject TEXT NOT NULL,
        kind TEXT NOT NULL,
        ward_id TEXT NOT NULL,
        station_id TEXT,
        target TEXT,
        category TEXT,
        resource TEXT,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        attribution TEXT NOT NULL,
        severity TEXT NOT NULL,
        evidence TEXT NOT NULL,
        detail TEXT NOT NULL,
        acknowledged_at INTEGER,
        acknowledged_by TEXT,
        updated_at INTEGER NOT NULL,
        UNIQUE (subject, kind, started_at)
      );
      CREATE INDEX incidents_started ON incidents(started_at, id);
      CREATE INDEX incidents_ward_started ON incidents(ward_id, started_at);
      CREATE INDEX incidents_open ON incidents(ended_at) WHERE ended_at IS NULL;
      CREATE TABLE incident_events (
        id INTEGER PRIMARY KEY,
        incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        type TEXT NOT NULL,
        username TEXT,
        detail TEXT
      );
      CREATE INDEX incident_events_incident ON incident_events(incident_id, at);
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE maintenance_windows (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        starts_at INTEGER NOT NULL,
        ends_at INTEGER NOT NULL,
        recurrence TEXT NOT NULL CHECK (recurrence IN ('none', 'daily', 'weekly')),
        until INTEGER,
        ward_id TEXT,
        target TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE notification_channels (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('webhook', 'telegram', 'email')),
        config TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE notification_rules (
        id INTEGER PRIMARY KEY,
        channel_id INTEGER NOT NULL REFERENCES notification_channels(id) ON DELETE CASCADE,
        ward_ids TEXT NOT NULL,
        kinds TEXT NOT NULL,
        min_severity TEXT NOT NULL,
        on_close INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE notification_deliveries (
        id INTEGER PRIMARY KEY,
        channel_id INTEGER NOT NULL REFERENCES notification_channels(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER,
        last_error TEXT,
        sent_at INTEGER,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        incident_ids TEXT NOT NULL
      );
      CREATE INDEX notification_deliveries_due ON notification_deliveries(next_attempt_at)
        WHERE status = 'pending';
    `,
  },
  MIGRATION_3,
  MIGRATION_4,
  {
    // Deleting a target keeps its row (reports of past periods still name it).
    version: 5,
    name: 'targets-deleted-at',
    sql: 'ALTER TABLE targets ADD COLUMN deleted_at INTEGER;',
  },
];
