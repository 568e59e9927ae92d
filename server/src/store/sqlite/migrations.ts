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
];
