import { parseDbUrl } from '../config.js';
import { openPostgresStore } from './postgres/pg-store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/**
 * Opens the store a `--db` URL names (`sqlite:PATH` or `postgres://…`), migrated and ready;
 * `readOnly`: a reader beside the server (the report worker), which migrates nothing.
 */
export async function openStore(url: string, opts: { readOnly?: boolean } = {}): Promise<Store> {
  const db = parseDbUrl(url);
  switch (db.kind) {
    case 'sqlite':
      return openSqliteStore(db.path, opts);
    case 'postgres':
      return openPostgresStore(db.url, opts);
    default: {
      const unreachable: never = db;
      throw new Error(`unknown store ${JSON.stringify(unreachable)}`);
    }
  }
}
