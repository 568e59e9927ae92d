import { resolveConfig, type Config } from '../../server/src/config.js';

/**
 * A server config for an in-process app: SQLite at `dbPath`, silent, no console folder, an
 * `admin` password known to the test; `env` adds settings or overrides these.
 */
export const testConfig = (dbPath: string, env: Record<string, string> = {}): Config =>
  resolveConfig({
    argv: ['--db', `sqlite:${dbPath}`],
    env: { WARDWATCH_ADMIN_PASSWORD: 'admin-password', WARDWATCH_LOG_LEVEL: 'silent', ...env },
    readFile: () => '',
    defaultConsoleDir: '/nonexistent',
  });
