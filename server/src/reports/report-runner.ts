import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config.js';
import { AppError, Unavailable, type ErrorCode } from '../errors.js';
import type { Logger } from '../services/context.js';
import type { Store } from '../store/store.js';
import { runReportJob, type JobOf, type ReportJobKind, type ResultOf } from './report-jobs.js';

/** Runs report jobs (report-jobs.ts) somewhere that is not the ingest path, if it can. */
export interface ReportRunner {
  readonly where: 'worker' | 'in-process';
  /**
   * Why a job asked for now would be refused, or null: a route asks before doing work of its
   * own for the job (the rollup flush), so a refused report costs nothing.
   */
  refusal(): Error | null;
  run<K extends ReportJobKind>(kind: K, job: JobOf<K>): Promise<ResultOf<K>>;
  close(): Promise<void>;
}

/** Serving thread → worker. */
export type ToReportThread =
  { type: 'job'; id: number; kind: ReportJobKind; job: JobOf<ReportJobKind> } | { type: 'close' };

/** Worker → serving thread. */
export type FromReportThread =
  | { type: 'done'; id: number; value: unknown }
  | { type: 'failed'; id: number; error: WireError }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; obj: object; msg?: string };

export interface WireError {
  message: string;
  code?: ErrorCode;
  status?: number;
}

export const toWireError = (err: unknown): WireError =>
  err instanceof AppError
    ? { message: err.message, code: err.code, status: err.status }
    : { message: err instanceof Error ? err.message : String(err) };

const fromWireError = (e: WireError): Error =>
  e.code !== undefined && e.status !== undefined
    ? new AppError(e.code, e.status, e.message)
    : new Error(`report failed: ${e.message}`);

/**
 * Same jobs on the caller's thread: for an in-memory database (a worker cannot share it), an
 * injected store, or the server running from its TypeScript sources (tests), where there is
 * no compiled worker script to start.
 */
export function inProcessReports(store: Store, log: Logger): ReportRunner {
  return {
    where: 'in-process',
    refusal: () => null,
    run: (kind, job) => runReportJob(store, log, kind, job),
    close: () => Promise.resolve(),
  };
}

/** The compiled worker beside this module, or null when running from sources. */
export function reportThreadScript(): URL | null {
  const url = new URL('./report-thread.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : null;
}

/**
 * The worker when the server opened its database from a URL the worker can open too; the
 * same jobs in-process for an injected store (`db` null) or an in-memory database.
 */
export function reportRunnerFor(db: Config['db'] | null, store: Store, log: Logger): ReportRunner {
  const script = reportThreadScript();
  if (db === null || script === null || (db.kind === 'sqlite' && db.path === ':memory:'))
    return inProcessReports(store, log);
  return new WorkerReports({
    dbUrl: db.url,
    script,
    log,
    maxQueued: MAX_QUEUED_REPORTS,
    idleCloseMs: IDLE_CLOSE_MS,
  });
}

// A few users asking for year-long reports at once wait their turn; past this, "try again".
const MAX_QUEUED_REPORTS = 8;
// Longer than Prometheus' scrape interval, so a scraped server keeps its worker warm for the
// availability gauge (once a minute) while one that only prints monthly reports frees it.
const IDLE_CLOSE_MS = 5 * 60_000;

export interface WorkerReportsOptions {
  /** The server's `--db` URL; the worker opens it read-only. */
  dbUrl: string;
  script: URL;
  log: Logger;
  /** Jobs queued or running past this are refused (503), not piled up behind a slow one. */
  maxQueued: number;
  /**
   * An idle worker is closed after this long, giving back its connection and its heap (after
   * a 10,000-station month the process held 266 MiB, 106 MiB once the worker closed); the
   * next job starts a new one.
   */
  idleCloseMs: number;
}

/**
 * DESIGN §7 "reads never hold up writes": evidence reports and the availability gauge read
 * months of rollups and compute over every station — seconds of CPU at 10,000 stations. Here
 * they run on a worker thread with its own read-only connection, one job at a time, so the
 * event loop that acks batches and feeds consoles never waits for them. The worker starts at
 * the first job, closes when idle, and is started again after a crash; jobs in flight then
 * fail, later ones run.
 */
export class WorkerReports implements ReportRunner {
  readonly where = 'worker';
  readonly #opts: WorkerReportsOptions;
  #worker: Worker | null = null;
  readonly #pending = new Map<
    number,
    { worker: Worker; resolve(v: unknown): void; reject(e: Error): void }
  >();
  #nextId = 1;
  #closed = false;
  #idleTimer: NodeJS.Timeout | null = null;

  constructor(opts: WorkerReportsOptions) {
    this.#opts = opts;
  }

  refusal(): Error | null {
    if (this.#closed) return Unavailable('the server is shutting down');
    if (this.#pending.size >= this.#opts.maxQueued)
      return Unavailable(
        `${this.#pending.size} reports are already being prepared; try again shortly`,
      );
    return null;
  }

  run<K extends ReportJobKind>(kind: K, job: JobOf<K>): Promise<ResultOf<K>> {
    const refused = this.refusal();
    if (refused) return Promise.reject(refused);
    this.#clearIdle();
    const worker = this.#worker ?? this.#start();
    const id = this.#nextId++;
    return new Promise<ResultOf<K>>((resolve, reject) => {
      this.#pending.set(id, { worker, resolve: (v) => resolve(v as ResultOf<K>), reject });
      // Only a worker with work keeps the process alive.
      worker.ref();
      worker.postMessage({ type: 'job', id, kind, job } satisfies ToReportThread);
    });
  }

  /** Whether a worker thread is running now (it starts with a job and closes when idle). */
  get running(): boolean {
    return this.#worker !== null;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#clearIdle();
    const worker = this.#worker;
    if (worker) await this.#stop(worker);
  }

  /** Asks the worker to close its store and exit (after the job it is running, if any). */
  async #stop(worker: Worker): Promise<void> {
    if (this.#worker === worker) this.#worker = null;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.ref();
    // A worker stuck in a long report is stopped rather than allowed to hold shutdown.
    setTimeout(() => void worker.terminate(), 2_000).unref();
    worker.postMessage({ type: 'close' } satisfies ToReportThread);
    await exited;
  }

  #start(): Worker {
    const { script, dbUrl, log } = this.#opts;
    const worker = new Worker(script, { workerData: { dbUrl } });
    worker.unref();
    worker.on('message', (m: FromReportThread) => {
      if (m.type === 'log') {
        log[m.level](m.obj, m.msg);
        return;
      }
      const p = this.#pending.get(m.id);
      if (!p) return;
      this.#settled(worker, m.id);
      if (m.type === 'done') p.resolve(m.value);
      else p.reject(fromWireError(m.error));
    });
    worker.on('error', (err) => {
      log.error({ err }, 'report worker failed');
      this.#failAll(worker, `report worker failed: ${err.message}`);
    });
    worker.on('exit', (code) => {
      this.#failAll(worker, `report worker exited (code ${code})`);
    });
    this.#worker = worker;
    return worker;
  }

  #settled(worker: Worker, id: number): void {
    this.#pending.delete(id);
    if ([...this.#pending.values()].some((p) => p.worker === worker)) return;
    worker.unref();
    this.#clearIdle();
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = null;
      if (this.#worker === worker) void this.#stop(worker);
    }, this.#opts.idleCloseMs);
    this.#idleTimer.unref();
  }

  #clearIdle(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
  }

  /** Fails the jobs of `worker` only: a replacement may already be running newer ones. */
  #failAll(worker: Worker, message: string): void {
    if (this.#worker === worker) this.#worker = null;
    for (const [id, p] of this.#pending) {
      if (p.worker !== worker) continue;
      this.#pending.delete(id);
      p.reject(new Error(message));
    }
  }
}
