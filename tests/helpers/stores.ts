import { join } from 'node:path';
import pg from 'pg';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.js';
import { openPostgresStore } from '../../server/src/store/postgres/pg-store.js';
import type { Store } from '../../server/src/store/store.js';
import { tempDir } from './tmp.js';

/** The machine's PostgreSQL (CI has one); WARDWATCH_TEST_PG overrides it. */
export const TEST_PG_URL =
  process.env.WARDWATCH_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface OpenedStore {
  store: Store;
  /** `sqlite:PATH` or the `postgres://…?schema=` URL the store was opened with. */
  url: string;
  /** Closes the store and removes its file or schema. */
  dispose(): Promise<void>;
}

export async function openTestSqlite(): Promise<OpenedStore> {
  const dir = await tempDir('wardwatch-store-');
  const path = join(dir.path, 'ww.db');
  const store = openSqliteStore(path);
  return {
    store,
    url: `sqlite:${path}`,
    async dispose() {
      await store.close();
      await dir.remove();
    },
  };
}

/** A unique schema name for one test run. */
export const freshSchema = (label: string) =>
  `ww_${label}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** A fresh schema in the test database; an unreachable server fails here, loudly. */
export async function openTestPostgres(label = 'contract'): Promise<OpenedStore> {
  const schema = freshSchema(label);
  const url = `${TEST_PG_URL}?schema=${schema}`;
  let store: Store;
  try {
    store = await openPostgresStore(url);
  } catch (err) {
    throw new Error(
      `the PostgreSQL half of the store tests needs a server at ${TEST_PG_URL} ` +
        `(set WARDWATCH_TEST_PG to use another): ${(err as Error).message}`,
      { cause: err },
    );
  }
  return {
    store,
    url,
    async dispose() {
      await store.close();
      await dropSchema(schema);
    },
  };
}
