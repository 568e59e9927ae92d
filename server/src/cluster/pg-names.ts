/**
 * LISTEN/NOTIFY channels and advisory locks are per database, not per schema: every name
 * carries the schema so two deployments (or test runs) in one database never meet.
 */

/** Advisory lock class for WardWatch ("WW"); the object id is hashtext of the name. */
export const LOCK_CLASS = 0x5757;

export interface PgTarget {
  /** The URL without WardWatch's own `schema` parameter (what `pg` connects with). */
  connectionString: string;
  schema: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,47}$/;

/** `postgres://…?schema=NAME` → connection string + schema (default `public`). */
export function parsePgTarget(url: string): PgTarget {
  const u = new URL(url);
  const schema = u.searchParams.get('schema') ?? 'public';
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`schema ${JSON.stringify(schema)}: expected lower-case letters, digits, _`);
  }
  u.searchParams.delete('schema');
  return { connectionString: u.toString(), schema };
}

/** The NOTIFY channel of a schema (≤ 63 bytes: the schema name is capped at 48). */
export const channelName = (schema: string) => `wardwatch_${schema}`;

/** SQL args for `pg_*advisory*lock($1, hashtext($2))` naming one lock of one schema. */
export const lockArgs = (schema: string, name: string): [number, string] => [
  LOCK_CLASS,
  `${schema}:${name}`,
];
