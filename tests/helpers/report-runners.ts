import { WorkerReports } from '../../server/src/reports/report-runner.js';
import type { Logger } from '../../server/src/services/context.js';

/**
 * The compiled report worker (`pnpm test` builds first): tests run the server from its
 * sources, where the app cannot start a worker by itself.
 */
export const REPORT_THREAD = new URL('../../server/dist/reports/report-thread.js', import.meta.url);

export const quietLog: Logger = { info: () => {}, warn: () => {}, error: () => {} };

export const workerReports = (
  dbUrl: string,
  { maxQueued = 8, idleCloseMs = 60_000, log = quietLog }: WorkerOptions = {},
) => new WorkerReports({ dbUrl, script: REPORT_THREAD, log, maxQueued, idleCloseMs });

interface WorkerOptions {
  maxQueued?: number;
  idleCloseMs?: number;
  log?: Logger;
}
