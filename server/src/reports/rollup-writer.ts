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
  recordsRolledUp = 0;

  constructor(opts: RollupWriterOptions) {
    this.opts = opts;
  }

  start(): void {
    this.timer = setInterval(() => this.flushSafely(), this.opts.flushMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.flushSafely();
  }

  enqueue(batch: CommittedBatch): void {
    this.pending.push(batch);
  }

  private flushSafely(): void {
    try {
      this.flush();
    } catch (err) {
      this.opts.log.error({ err }, 'rollup flush failed');
    }
  }

  /** Fold and write everything queued so far (synchronous: a report calls it first). */
  flush(): void {
    if (this.pending.length === 0) return;
    const { store, clock } = this.opts;
    if (!this.loaded) {
      for (const d of store.listStationDevices()) {
        const counts = this.lastDevices.get(d.stationId) ?? {};
        const c = d.category;
        if (c === 'fingerprint' || c === 'scanner' || c === 'card_reader') counts[c] = d.presentNow;
        this.lastDevices.set(d.stationId, counts);
      }
      this.loaded = true;
    }
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
    store.applyRollups({
      buckets: [...buckets.values()],
      devices: [...devices.values()],
      calendar: readCalendar({ store }),
      now: clock.now(),
    });
  }
}
