import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints off the event loop: a worker thread with its own connection runs
 * `wal_checkpoint(PASSIVE)` every `everyMs` after writes (PASSIVE takes no write lock, so it
 * never blocks the writer or readers; it copies what no reader still needs). Only PASSIVE
 * here: a TRUNCATE from another connection holds the write lock and made the writer's
 * read-then-write transactions fail with SQLITE_BUSY (measured: enrolment 500s). The
 * writer itself truncates when idle (`idleTruncate`). The writer runs with
 * `wal_autocheckpoint = 0`, so no commit carries a checkpoint (measured: 8–12 ms stalls
 * per auto-checkpoint, and ~100 ms when a 1 s worth of WAL is checkpointed on the main thread).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 200');
let dirty = false;
parentPort.on('message', (m) => {
  if (m === 'dirty') { dirty = true; return; }
  if (m === 'close') { db.close(); parentPort.close(); }
});
setInterval(() => {
  try {
    if (dirty) { dirty = false; db.pragma('wal_checkpoint(PASSIVE)'); }
  } catch {
    // Busy: the next period tries again.
  }
}, workerData.everyMs);
`;

export interface Checkpointer {
  /** The writer committed something (cheap: one message per period at most). */
  wrote(): void;
  /** Settles once the worker has closed its connection (so the database files are free). */
  close(): Promise<void>;
}

/**
 * On the writer connection, after a quiet spell: give the WAL file's space back, without
 * waiting for readers (busy timeout 0 for the call: busy just means "next time").
 */
export function idleTruncate(db: { pragma(sql: string): unknown }, busyTimeoutMs: number): void {
  db.pragma('busy_timeout = 0');
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // Busy or locked: the next quiet spell tries again.
  } finally {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  }
}

export function startCheckpointer(path: string, everyMs: number): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, everyMs, driver } });
  worker.unref();
  // A checkpoint failure is not an ingest failure: the next one (or the next start) catches up.
  worker.on('error', () => undefined);
  let flagged = false;
  const timer = setInterval(() => {
    flagged = false;
  }, everyMs);
  timer.unref();
  return {
    wrote() {
      if (flagged) return;
      flagged = true;
      worker.postMessage('dirty');
    },
    close() {
      clearInterval(timer);
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      // Held while it closes, so a script awaiting this does not end with the promise unsettled;
      // a wedged worker is terminated rather than allowed to hold shutdown.
      worker.ref();
      setTimeout(() => void worker.terminate(), 2_000).unref();
      worker.postMessage('close');
      return exited;
    },
  };
}
