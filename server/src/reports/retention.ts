import type { Clock, Logger } from '../services/context.js';
import type { Store } from '../store/store.js';

export const RETENTION_KEY = 'retention';
const DAY_MS = 86_400_000;

export interface RetentionPolicy {
  /** Raw records (default 30 days). */
  rawDays: number;
  /** 5-minute rollups (default 92 days: reports use them only at a period's partial days). */
  rollup5mDays: number;
  /** Daily rollups and closed incidents (default 3 years). */
  historyDays: number;
}
export const DEFAULT_RETENTION: RetentionPolicy = {
  rawDays: 30,
  rollup5mDays: 92,
  historyDays: 1096,
};

/** The stored policy (settings key `retention`), each field falling back to its default. */
export async function readRetention(store: Store): Promise<RetentionPolicy> {
  const v = await store.getSetting(RETENTION_KEY);
  const o = typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  const pick = (k: keyof RetentionPolicy) => {
    const n = o[k];
    return typeof n === 'number' && Number.isFinite(n) && n >= 1 ? n : DEFAULT_RETENTION[k];
  };
  return {
    rawDays: pick('rawDays'),
    rollup5mDays: pick('rollup5mDays'),
    historyDays: pick('historyDays'),
  };
}

export interface RetentionOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  intervalMs: number;
  /** Rows per delete transaction; the event loop is yielded between chunks. */
  chunk: number;
}

/**
 * Deletes expired data in small transactions on a timer (unref'd), yielding between chunks
 * so ingest never waits behind a long delete.
 */
export class RetentionJob {
  private readonly opts: RetentionOptions;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  deleted = { records: 0, rollups: 0, incidents: 0 };

  constructor(opts: RetentionOptions) {
    this.opts = opts;
  }

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.opts.intervalMs);
    this.timer.unref();
  }

  /** Resolves once a pass in progress has stopped (before the store closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One full pass; resolves when nothing expired is left (or on stop). */
  runOnce(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    try {
      const { store, clock, chunk } = this.opts;
      const p = await readRetention(store);
      const now = clock.now();
      const yieldLoop = () => new Promise<void>((r) => setImmediate(r));
      let afterId = 0;
      while (!this.stopped) {
        const { deleted, lastId } = await store.pruneRecords(
          now - p.rawDays * DAY_MS,
          afterId,
          chunk,
        );
        this.deleted.records += deleted;
        if (lastId === null) break;
        afterId = lastId;
        await yieldLoop();
      }
      while (!this.stopped) {
        const n = await store.pruneRollups(
          now - p.rollup5mDays * DAY_MS,
          now - p.historyDays * DAY_MS,
          chunk,
        );
        this.deleted.rollups += n;
        if (n === 0) break;
        await yieldLoop();
      }
      while (!this.stopped) {
        const n = await store.pruneIncidents(now - p.historyDays * DAY_MS, chunk);
        this.deleted.incidents += n;
        if (n === 0) break;
        await yieldLoop();
      }
    } catch (err) {
      this.opts.log.error({ err }, 'retention pass failed');
    }
  }
}
