/**
 * Rollups for reports (5-minute and daily, per station and station × target) and the
 * station's current/ever-seen devices, so a year's report never reads raw records.
 * Daily rows split each local day into its office-hour part (office = 1) and the rest.
 */
export const MIGRATION_3 = {
  version: 3,
  name: 'report-rollups',
  sql: `
    CREATE TABLE rollup_5m (
      station_id TEXT NOT NULL,
      target TEXT NOT NULL,
      bucket INTEGER NOT NULL,
      records INTEGER NOT NULL,
      rounds INTEGER NOT NULL,
      ok INTEGER NOT NULL,
      hist TEXT NOT NULL,
      drops INTEGER NOT NULL,
      devices TEXT NOT NULL,
      PRIMARY KEY (station_id, target, bucket)
    ) WITHOUT ROWID;
    CREATE INDEX rollup_5m_bucket ON rollup_5m(bucket);
    CREATE TABLE rollup_daily (
      day INTEGER NOT NULL,
      station_id TEXT NOT NULL,
      target TEXT NOT NULL,
      office INTEGER NOT NULL,
      buckets INTEGER NOT NULL,
      rounds INTEGER NOT NULL,
      ok INTEGER NOT NULL,
      hist TEXT NOT NULL,
      drops INTEGER NOT NULL,
      device_buckets TEXT NOT NULL,
      PRIMARY KEY (day, station_id, target, office)
    ) WITHOUT ROWID;
    CREATE TABLE station_devices (
      station_id TEXT NOT NULL,
      category TEXT NOT NULL,
      present_now INTEGER NOT NULL,
      ever_seen INTEGER NOT NULL,
      last_seen_at INTEGER,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (station_id, category)
    ) WITHOUT ROWID;
  `,
} as const;
