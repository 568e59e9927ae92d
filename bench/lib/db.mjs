// Which database a bench server runs on: a SQLite file in the level's temp dir (default) or
// PostgreSQL (`--db postgres://…`), where every level gets a fresh schema, dropped after it.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './machine.mjs';

const SCHEMA = /^[a-z_][a-z0-9_]{0,40}$/;

/** Validates `--db`: undefined (SQLite) or a postgres:// URL with an optional schema prefix. */
export function parseDbOption(text) {
  if (text === undefined) return { engine: 'sqlite' };
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Error(
      `--db "${text}": not a URL (want postgres://user@host:port/db[?schema=prefix])`,
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`--db "${text}": only postgres:// is supported (SQLite is the default)`);
  }
  // `bench_<random>` as in the docs is a placeholder: the prefix is what comes before `<`.
  const prefix = (url.searchParams.get('schema') ?? 'bench').replace(/_?<.*$/, '') || 'bench';
  if (!SCHEMA.test(prefix)) {
    throw new Error(`--db: schema prefix "${prefix}" must be lower-case letters, digits and _`);
  }
  url.searchParams.delete('schema');
  return { engine: 'postgres', base: url.toString(), prefix };
}

/** The `--db` value for one server: a fresh schema per PostgreSQL level. */
export function levelDb(db, dir) {
  if (db.engine === 'sqlite') return { arg: `sqlite:${join(dir, 'ww.db')}`, schema: null };
  const schema = `${db.prefix}_${randomBytes(6).toString('hex')}`;
  const url = new URL(db.base);
  url.searchParams.set('schema', schema);
  return { arg: url.toString(), schema };
}

/** Drops a level's schema (the server created it); a SQLite level has nothing to drop. */
export async function dropLevelDb(db, level) {
  if (db.engine !== 'postgres' || level.schema === null) return;
  const pg = createRequire(join(ROOT, 'server', 'package.json'))('pg');
  const client = new pg.Client({ connectionString: db.base });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${level.schema} CASCADE`);
  } finally {
    await client.end();
  }
}
