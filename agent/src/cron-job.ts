import { nextCronRun, parseCron, type CronSpec } from './cron.js';
import type { Logger } from './log.js';

/** Wake at least this often, so a changed wall clock moves the next run within the hour. */
const MAX_SLEEP_MS = 3_600_000;

export interface CronJobOptions {
  name: string;
  log: Logger;
  /** Start each run after a random delay of up to this much (spreads a fleet's load). */
  maxRandomDelayMs?: number;
}

/**
 * Runs `work` at each time the cron expression names (local time). A run whose time came
 * while the machine slept starts on wake-up; a run still going when the next is due is
 * skipped, not queued. Timers are unref'd: a job never keeps the process alive.
 */
export class CronJob {
  readonly #spec: CronSpec;
  readonly #work: () => unknown;
  readonly #opts: CronJobOptions;
  #next: Date | null = null;
  #timer: NodeJS.Timeout | null = null;
  #running = false;
  #stopped = true;

  constructor(expression: string, work: () => unknown, opts: CronJobOptions) {
    this.#spec = parseCron(expression);
    this.#work = work;
    this.#opts = opts;
  }

  /** The next planned run (null when stopped). */
  get next(): Date | null {
    return this.#stopped ? null : this.#next;
  }

  start(): void {
    this.#stopped = false;
    this.#arm(new Date());
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #arm(now: Date): void {
    if (this.#stopped) return;
    this.#next = nextCronRun(this.#spec, now);
    if (!this.#next) return; // parseCron refuses such expressions
    const delay = Math.min(Math.max(this.#next.getTime() - now.getTime(), 0), MAX_SLEEP_MS);
    this.#timer = setTimeout(() => this.#wake(), delay);
    this.#timer.unref();
  }

  #wake(): void {
    const now = new Date();
    if (this.#next && now >= this.#next) void this.#fire();
    this.#arm(now);
  }

  async #fire(): Promise<void> {
    const { name, log, maxRandomDelayMs = 0 } = this.#opts;
    if (this.#running) {
      log.warn('scheduled job still running; this run is skipped', { job: name });
      return;
    }
    this.#running = true;
    try {
      if (maxRandomDelayMs > 0) {
        await new Promise((resolve) =>
          setTimeout(resolve, Math.floor(Math.random() * maxRandomDelayMs)).unref(),
        );
      }
      if (!this.#stopped) await this.#work();
    } catch (err) {
      log.error('scheduled job failed', { job: name, err: String(err) });
    } finally {
      this.#running = false;
    }
  }
}
