/**
 * The report worker (see WorkerReports in report-runner.ts): its own read-only store, one
 * job at a time, results and errors posted back as plain data.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Logger } from '../services/context.js';
import { openStore } from '../store/open-store.js';
import { runReportJob } from './report-jobs.js';
import { toWireError, type FromReportThread, type ToReportThread } from './report-runner.js';

const port = parentPort;
if (!port) throw new Error('report-thread.js runs as a worker thread of the server');
const post = (m: FromReportThread) => port.postMessage(m);

// Logged by the server's logger, on the serving thread.
const logAt =
  (level: 'info' | 'warn' | 'error') =>
  (obj: object, msg?: string): void =>
    post({ type: 'log', level, obj, ...(msg !== undefined && { msg }) });
const log: Logger = { info: logAt('info'), warn: logAt('warn'), error: logAt('error') };

const store = await openStore((workerData as { dbUrl: string }).dbUrl, { readOnly: true });

// One job at a time: a report is CPU-bound, and a second one alongside would only share the
// core and make both late (and PostgreSQL's reads would interleave for nothing).
let queue: Promise<void> = Promise.resolve();

port.on('message', (m: ToReportThread) => {
  if (m.type === 'close') {
    queue = queue.then(async () => {
      await store.close();
      port.close();
    });
    return;
  }
  queue = queue.then(async () => {
    try {
      post({ type: 'done', id: m.id, value: await runReportJob(store, log, m.kind, m.job) });
    } catch (err) {
      post({ type: 'failed', id: m.id, error: toWireError(err) });
    }
  });
});
