import { parseDbUrl } from '../config.js';
import { openPostgresStore } from './postgres/pg-store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/** Opens the store a `--db` URL names (`sqlite:PATH` or `postgres://…`), migrated and ready. */
export async function openStore(url: string): Promise<Store> {
  const db = parseDbUrl(url);
  switch (db.kind) {
    case 'sqlite':
      return openSqliteStore(db.path);
    case 'postgres':
      return openPostgresStore(db.url);
    default: {
      const unreachable: never = db;
      throw new Error(`unknown store ${JSON.stringify(unreachable)}`);
    }
  }
}
