/**
 * The PostgreSQL schema: the same logical tables as sqlite/migrations.ts (v1–v3, same
 * versions and names), with epoch-ms times as BIGINT, JSON columns as JSONB, BIGSERIAL ids
 * and BOOLEAN flags. `incident_events.detail` stays TEXT: it holds plain notes and JSON alike.
 */
export const PG_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE wards (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        district TEXT,
        created_at BIGINT NOT NULL
      );
      CREATE TABLE stations (
        id TEXT PRIMARY KEY,
        ward_id TEXT NOT NULL REFERENCES wards(id),
        hostname TEXT NOT NULL,
        credential_hash TEXT NOT NULL UNIQUE,
        revoked_at BIGINT,
        last_seq BIGINT NOT NULL DEFAULT 0,
        last_seen_at BIGINT,
        last_rtt_ms DOUBLE PRECISION,
        last_probe_ok BOOLEAN,
        os TEXT,
        agent_version TEXT,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX stations_ward ON stations(ward_id);
      CREATE TABLE enrollment_tokens (
        token_hash TEXT PRIMARY KEY,
        ward_id TEXT NOT NULL REFERENCES wards(id),
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        used_at BIGINT,
        station_id TEXT
      );
      CREATE TABLE users (
        username TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'officer', 'viewer')),
        ward_id TEXT REFERENCES wards(id),
        created_at BIGINT NOT NULL
      );
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        username TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
        csrf_token TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE INDEX sessions_user ON sessions(username);
      CREATE INDEX sessions_expires ON sessions(expires_at);
      CREATE TABLE targets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        probe TEXT NOT NULL,
        host TEXT,
        port INTEGER,
        url TEXT,
        interval_ms BIGINT NOT NULL,
        timeout_ms BIGINT,
        ward_id TEXT REFERENCES wards(id),
        created_at BIGINT NOT NULL
      );
      CREATE TABLE records (
        id BIGSERIAL PRIMARY KEY,
        station_id TEXT NOT NULL,
        seq BIGINT NOT NULL,
        idx INTEGER NOT NULL,
        kind TEXT NOT NULL,
        at BIGINT NOT NULL,
        t BIGINT NOT NULL,
        target TEXT,
        body JSONB NOT NULL,
        UNIQUE (station_id, seq, idx)
      );
      CREATE INDEX records_station_kind_t ON records(station_id, kind, t);
      CREATE INDEX records_station_target_t ON records(station_id, target, t);
      CREATE INDEX records_t ON records(t);
      CREATE TABLE audit_log (
        id BIGSERIAL PRIMARY KEY,
        at BIGINT NOT NULL,
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
        id BIGSERIAL PRIMARY KEY,
        subject TEXT NOT NULL,
        kind TEXT NOT NULL,
        ward_id TEXT NOT NULL,
        station_id TEXT,
        target TEXT,
        category TEXT,
        resource TEXT,
        started_at BIGINT NOT NULL,
        ended_at BIGINT,
        attribution TEXT NOT NULL,
        severity TEXT NOT NULL,
        evidence JSONB NOT NULL,
        detail JSONB NOT NULL,
        acknowledged_at BIGINT,
        acknowledged_by TEXT,
        updated_at BIGINT NOT NULL,
        UNIQUE (subject, kind, started_at)
      );
      CREATE INDEX incidents_started ON incidents(started_at, id);
      CREATE INDEX incidents_ward_started ON incidents(ward_id, started_at);
      CREATE INDEX incidents_open ON incidents(ended_at) WHERE ended_at IS NULL;
      CREATE INDEX incidents_ended ON incidents(ended_at) WHERE ended_at IS NOT NULL;
      CREATE TABLE incident_events (
        id BIGSERIAL PRIMARY KEY,
        incident_id BIGINT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
        at BIGINT NOT NULL,
        type TEXT NOT NULL,
        username TEXT,
        detail TEXT
      );
      CREATE INDEX incident_events_incident ON incident_events(incident_id, at);
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value JSONB NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE TABLE maintenance_windows (
        id BIGSERIAL PRIMARY KEY,
        name TEXT NOT NULL,
        starts_at BIGINT NOT NULL,
        ends_at BIGINT NOT NULL,
        recurrence TEXT NOT NULL CHECK (recurrence IN ('none', 'daily', 'weekly')),
        until BIGINT,
        ward_id TEXT,
        target TEXT,
        created_at BIGINT NOT NULL
      );
      CREATE TABLE notification_channels (
        id BIGSERIAL PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('webhook', 'telegram', 'email')),
        config JSONB NOT NULL,
        enabled BOOLEAN NOT NULL DEFAULT TRUE,
        created_at BIGINT NOT NULL
      );
      CREATE TABLE notification_rules (
        id BIGSERIAL PRIMARY KEY,
        channel_id BIGINT NOT NULL REFERENCES notification_channels(id) ON DELETE CASCADE,
        ward_ids JSONB NOT NULL,
        kinds JSONB NOT NULL,
        min_severity TEXT NOT NULL,
        on_close BOOLEAN NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX notification_rules_channel ON notification_rules(channel_id);
      CREATE TABLE notification_deliveries (
        id BIGSERIAL PRIMARY KEY,
        channel_id BIGINT NOT NULL REFERENCES notification_channels(id) ON DELETE CASCADE,
        created_at BIGINT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at BIGINT,
        last_error TEXT,
        sent_at BIGINT,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        incident_ids JSONB NOT NULL
      );
      CREATE INDEX notification_deliveries_channel ON notification_deliveries(channel_id);
      CREATE INDEX notification_deliveries_due ON notification_deliveries(next_attempt_at)
        WHERE status = 'pending';
    `,
  },
  {
    version: 3,
    name: 'report-rollups',
    sql: `
      CREATE TABLE rollup_5m (
        station_id TEXT NOT NULL,
        target TEXT NOT NULL,
        bucket BIGINT NOT NULL,
        records INTEGER NOT NULL,
        rounds INTEGER NOT NULL,
        ok INTEGER NOT NULL,
        hist JSONB NOT NULL,
        drops INTEGER NOT NULL,
        devices JSONB NOT NULL,
        PRIMARY KEY (station_id, target, bucket)
      );
      CREATE INDEX rollup_5m_bucket ON rollup_5m(bucket);
      CREATE TABLE rollup_daily (
        day BIGINT NOT NULL,
        station_id TEXT NOT NULL,
        target TEXT NOT NULL,
        office SMALLINT NOT NULL,
        buckets INTEGER NOT NULL,
        rounds INTEGER NOT NULL,
        ok INTEGER NOT NULL,
        hist JSONB NOT NULL,
        drops INTEGER NOT NULL,
        device_buckets JSONB NOT NULL,
        PRIMARY KEY (day, station_id, target, office)
      );
      CREATE TABLE station_devices (
        station_id TEXT NOT NULL,
        category TEXT NOT NULL,
        present_now INTEGER NOT NULL,
        ever_seen INTEGER NOT NULL,
        last_seen_at BIGINT,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (station_id, category)
      );
    `,
  },
  {
    // As SQLite's v4: the station's last seq, advanced under the station's row lock in the
    // batch's own statement, already keeps a replay out; the constraint was a b-tree per row.
    version: 4,
    name: 'records-no-unique',
    sql: 'ALTER TABLE records DROP CONSTRAINT IF EXISTS records_station_id_seq_idx_key;',
  },
  {
    // As SQLite's v5: deleting a target keeps its row (reports of past periods still name it).
    version: 5,
    name: 'targets-deleted-at',
    sql: 'ALTER TABLE targets ADD COLUMN deleted_at BIGINT;',
  },
];
