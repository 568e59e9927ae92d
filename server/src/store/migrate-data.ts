import Database from 'better-sqlite3';
import type pg from 'pg';
import { MIGRATIONS } from './sqlite/migrations.js';
import {
  createPool,
  inTransaction,
  migrate,
  parsePgUrl,
  redact,
  type Sql,
} from './postgres/pg-db.js';

/** Every table, parents before children (foreign keys). */
export const TABLES = [
  'wards',
  'users',
  'sessions',
  'stations',
  'enrollment_tokens',
  'targets',
  'records',
  'audit_log',
  'incidents',
  'incident_events',
  'settings',
  'maintenance_windows',
  'notification_channels',
  'notification_rules',
  'notification_deliveries',
  'rollup_5m',
  'rollup_daily',
  'station_devices',
] as const;

const CHUNK_ROWS = 500;

export class MigrateDataError extends Error {}

interface Column {
  name: string;
  udt: string;
}

async function columnsOf(sql: Sql, table: string): Promise<Column[]> {
  const { rows } = await sql.query<{ column_name: string; udt_name: string }>(
    `SELECT column_name, udt_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => ({ name: r.column_name, udt: r.udt_name }));
}

/** SQLite value → PostgreSQL parameter: 0/1 flags become booleans; JSON text is cast in SQL. */
const toParam = (udt: string, v: unknown): unknown => (udt === 'bool' && v !== null ? v === 1 : v);

async function insertChunk(
  sql: Sql,
  table: string,
  cols: Column[],
  rows: Record<string, unknown>[],
) {
  const values: unknown[] = [];
  const tuples = rows.map((row) => {
    const ph = cols.map((c) => {
      values.push(toParam(c.udt, row[c.name]));
      return `$${values.length}::${c.udt}`;
    });
    return `(${ph.join(', ')})`;
  });
  await sql.query(
    `INSERT INTO ${table} (${cols.map((c) => c.name).join(', ')}) VALUES ${tuples.join(', ')}`,
    values,
  );
}

/**
 * Copies every table of a SQLite database into an empty PostgreSQL database (or schema), in
 * one transaction, in chunks, then moves the id sequences past the copied ids. Refuses a
 * target that already holds data, so running it twice changes nothing.
 */
export async function migrateData(
  sqlitePath: string,
  pgUrl: string,
  onTable: (table: string, rows: number) => void = () => {},
): Promise<Record<string, number>> {
  const src = new Database(sqlitePath, { readonly: true, fileMustExist: true });
  let pool: pg.Pool | null = null;
  try {
    const versions = src.prepare('SELECT version FROM schema_migrations').pluck().all() as number[];
    const missing = MIGRATIONS.filter((m) => !versions.includes(m.version));
    if (missing.length > 0) {
      throw new MigrateDataError(
        `${sqlitePath}: schema is older than this server (missing migration ${missing.map((m) => m.version).join(', ')}); start the server once on it first`,
      );
    }
    const target = parsePgUrl(pgUrl);
    pool = createPool(target, 2);
    await migrate(pool, target.schema).catch((err: unknown) => {
      throw new MigrateDataError(`PostgreSQL at ${redact(pgUrl)}: ${(err as Error).message}`);
    });
    return await inTransaction(pool, async (sql) => {
      for (const table of TABLES) {
        const { rows } = await sql.query<{ any: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM ${table}) AS any`,
        );
        if (rows[0]?.any) {
          throw new MigrateDataError(
            `target ${redact(pgUrl)} is not empty (table ${table} has rows); migrate-data copies only into an empty database`,
          );
        }
      }
      const counts: Record<string, number> = {};
      for (const table of TABLES) {
        const cols = await columnsOf(sql, table);
        let chunk: Record<string, unknown>[] = [];
        let n = 0;
        for (const row of src.prepare(`SELECT * FROM ${table}`).iterate()) {
          chunk.push(row as Record<string, unknown>);
          if (chunk.length === CHUNK_ROWS) {
            await insertChunk(sql, table, cols, chunk);
            n += chunk.length;
            chunk = [];
          }
        }
        if (chunk.length > 0) await insertChunk(sql, table, cols, chunk);
        n += chunk.length;
        if (cols.some((c) => c.name === 'id' && c.udt === 'int8')) {
          await sql.query(
            `SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce(max(id), 0) + 1, false) FROM ${table}`,
          );
        }
        const copied = await sql.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
        if (copied.rows[0]?.n !== n) {
          throw new MigrateDataError(`${table}: copied ${copied.rows[0]?.n} rows of ${n}`);
        }
        counts[table] = n;
        onTable(table, n);
      }
      return counts;
    });
  } finally {
    src.close();
    await pool?.end();
  }
}
