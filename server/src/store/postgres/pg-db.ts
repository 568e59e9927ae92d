import pg from 'pg';
import { PG_MIGRATIONS } from './migrations.js';

/** A pool or a client inside a transaction: whatever can run one statement. */
export interface Sql {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Epoch ms, ids and sums are BIGINT/NUMERIC, which node-postgres returns as strings by
 * default; every value we store fits a double exactly (< 2^53), so parse them as numbers.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => Number(v);
    return format === 'binary'
      ? pg.types.getTypeParser(oid, 'binary')
      : pg.types.getTypeParser(oid, 'text');
  },
};

export interface PgTarget {
  /** The connection string without our own `schema` parameter. */
  connectionString: string;
  /** `null`: the server's default search_path (normally `public`). */
  schema: string | null;
}

/** `postgres://user@host:port/db?schema=name` → connection string and schema (validated). */
export function parsePgUrl(url: string): PgTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`${redact(url)}: not a valid URL`);
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new Error(`${redact(url)}: expected postgres://…`);
  }
  const schema = u.searchParams.get('schema');
  if (schema !== null && !SCHEMA_NAME.test(schema)) {
    throw new Error(
      `${redact(url)}: schema "${schema}" must be lower-case letters, digits and _ (≤ 63, not starting with a digit)`,
    );
  }
  u.searchParams.delete('schema');
  return { connectionString: u.toString(), schema };
}

/** The URL with any password replaced, for messages. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@]*@/, '$1:***@');
}

export function createPool(target: PgTarget, max = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    max,
    types,
    connectionTimeoutMillis: 10_000,
    // Every connection resolves tables in the run's own schema.
    ...(target.schema !== null ? { options: `-c search_path=${target.schema}` } : {}),
  });
  // An idle client losing its server connection must not crash the process; the next query fails.
  pool.on('error', () => {});
  return pool;
}

/** Runs `fn` in one transaction on one pooled client: COMMIT on success, ROLLBACK on throw. */
export async function inTransaction<T>(pool: pg.Pool, fn: (sql: Sql) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** Transaction-scoped advisory lock keys (hashed text, so they read well in pg_locks). */
export const lockKey = (name: string, schema: string | null) =>
  `wardwatch:${name}:${schema ?? 'public'}`;

/**
 * Creates the schema if asked and applies pending migrations, all in one transaction under
 * an advisory lock, so instances starting together apply each migration exactly once.
 */
export async function migrate(pool: pg.Pool, schema: string | null): Promise<void> {
  await inTransaction(pool, async (sql) => {
    await sql.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockKey('migrate', schema)]);
    if (schema !== null) await sql.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await sql.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
    );
    const { rows } = await sql.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.version));
    for (const m of PG_MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await sql.query(m.sql);
      await sql.query(
        'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
        [m.version, m.name, Date.now()],
      );
    }
  });
}

/** Builds `$n` placeholders while collecting their values (dynamic WHERE clauses). */
export function params(): { args: unknown[]; p(v: unknown): string } {
  const args: unknown[] = [];
  return {
    args,
    p(v) {
      args.push(v);
      return `$${args.length}`;
    },
  };
}
