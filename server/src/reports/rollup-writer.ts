import { foldRecords, type BucketAgg, type DeviceCounts } from '@wardwatch/shared';
import type { CommittedBatch, Clock, Logger } from '../services/context.js';
import { readCalendar } from '../services/calendar/get-calendar.js';
import type { Store } from '../store/store.js';

export interface RollupWriterOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  /** Pending batches are folded and written this often (and before every report). */
  flushMs: number;
}

/**
 * Keeps the report rollups current off the ingest path: committed batches are only queued
 * (like the detector's), and folded into 5-minute buckets and written in their own
 * transaction on a timer — never inside the ingest transaction.
 */
export class RollupWriter {
  private readonly opts: RollupWriterOptions;
  private pending: CommittedBatch[] = [];
  private readonly lastDevices = new Map<string, DeviceCounts>();
  private loaded = false;
  private timer: NodeJS.Timeout | null = null;
  /** Flushes run one after another: each folds what was queued when it began. */
  private io: Promise<void> = Promise.resolve();
  recordsRolledUp = 0;

  constructor(opts: RollupWriterOptions) {
    this.opts = opts;
  }

  start(): void {
    this.timer = setInterval(() => void this.flushSafely(), this.opts.flushMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flushSafely();
  }

  enqueue(batch: CommittedBatch): void {
    this.pending.push(batch);
  }

  private async flushSafely(): Promise<void> {
    try {
      await this.flush();
    } catch (err) {
      this.opts.log.error({ err }, 'rollup flush failed');
    }
  }

  /** Fold and write everything queued so far; resolves once written (a report awaits it first). */
  flush(): Promise<void> {
    const next = this.io.then(() => this.write());
    // A failed write must not stop the ones after it (its caller hears of it).
    this.io = next.catch(() => undefined);
    return next;
  }

  private async write(): Promise<void> {
    if (this.pending.length === 0) return;
    const { store, clock } = this.opts;
    if (!this.loaded) {
      for (const d of await store.listStationDevices()) {
        const counts = this.lastDevices.get(d.stationId) ?? {};
        const c = d.category;
        if (c === 'fingerprint' || c === 'scanner' || c === 'card_reader') counts[c] = d.presentNow;
        this.lastDevices.set(d.stationId, counts);
      }
      this.loaded = true;
    }
    const calendar = await readCalendar({ store });
    // Taken after the reads: what was queued meanwhile is folded now too.
    const batches = this.pending;
    this.pending = [];
    const buckets = new Map<string, BucketAgg>();
    const devices = new Map<string, { stationId: string; counts: DeviceCounts; at: number }>();
    for (const b of batches) {
      const before = this.lastDevices.get(b.stationId) ?? {};
      const after = foldRecords(buckets, b.stationId, b.offsetMs, b.records, before);
      this.lastDevices.set(b.stationId, after);
      if (after !== before) {
        const last = b.records.findLast((r) => r.kind === 'peripherals');
        devices.set(b.stationId, {
          stationId: b.stationId,
          counts: after,
          at: last ? Math.round(last.at + b.offsetMs) : clock.now(),
        });
      }
      this.recordsRolledUp += b.records.length;
    }
    await store.applyRollups({
      buckets: [...buckets.values()],
      devices: [...devices.values()],
      calendar,
      now: clock.now(),
    });
  }
}
