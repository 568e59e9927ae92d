export { buildApp, type AppDeps, type WardWatchRuntime } from './app.js';
export { resolveConfig, ConfigError, type Config } from './config.js';
export type { Store } from './store/store.js';
export { openSqliteStore } from './store/sqlite/sqlite-store.js';
export { openStore } from './store/open-store.js';
export { AppError, NotFound, Conflict, Invalid, Unauthorized, Forbidden } from './errors.js';
