import { parseDbUrl } from '../config.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/** Opens the store a `--db` URL names (`sqlite:PATH` or `postgres://…`), migrated and ready. */
export async function openStore(url: string): Promise<Store> {
  const db = parseDbUrl(url);
  switch (db.kind) {
    case 'sqlite':
      return openSqliteStore(db.path);
    case 'postgres':
      // The URL is not echoed: it may carry a password.
      throw new Error('the PostgreSQL store is not yet available in this build; use sqlite:PATH');
    default: {
      const unreachable: never = db;
      throw new Error(`unknown store ${JSON.stringify(unreachable)}`);
    }
  }
}
