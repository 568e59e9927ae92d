import { foldRecords, type BucketAgg, type DeviceCounts } from '@wardwatch/shared';
import type { CommittedBatch, Clock, Logger } from '../services/context.js';
import { readCalendar } from '../services/calendar/get-calendar.js';
import type { Store } from '../store/store.js';

export interface RollupWriterOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  /**
   * Folded buckets are written this often (and before every report). Each write touches every
   * bucket changed since the last, so a longer period means fewer writes of the same bucket.
   */
  flushMs: number;
}

/** Buckets per `applyRollups` transaction: a flush of 10,000 stations must not block the loop. */
export const BUCKETS_PER_WRITE = 500;

interface DeviceChange {
  stationId: string;
  counts: DeviceCounts;
  at: number;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Keeps the report rollups current off the ingest path: each committed batch is folded at
 * once into in-memory 5-minute buckets (no records are kept), and the buckets are written on
 * a timer in transactions of at most BUCKETS_PER_WRITE buckets with the event loop free
 * between them — never inside the ingest transaction, never as one long block.
 */
export class RollupWriter {
  private readonly opts: RollupWriterOptions;
  /** Batches that arrived before the stations' devices were loaded (folded once they are). */
  private unfolded: CommittedBatch[] = [];
  private buckets = new Map<string, BucketAgg>();
  private devices = new Map<string, DeviceChange>();
  private readonly lastDevices = new Map<string, DeviceCounts>();
  private loaded = false;
  private timer: NodeJS.Timeout | null = null;
  /** Flushes run one after another: each writes what was folded when it began. */
  private io: Promise<void> = Promise.resolve();
  recordsRolledUp = 0;

  constructor(opts: RollupWriterOptions) {
    this.opts = opts;
  }

  start(): void {
    // Load the stations' devices now, so batches are folded from the first one on rather
    // than held whole until the first timed flush.
    void this.flushSafely();
    this.timer = setInterval(() => void this.flushSafely(), this.opts.flushMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flushSafely();
  }

  enqueue(batch: CommittedBatch): void {
    if (this.loaded) this.fold(batch);
    else this.unfolded.push(batch);
  }

  private fold(b: CommittedBatch): void {
    const before = this.lastDevices.get(b.stationId) ?? {};
    const after = foldRecords(this.buckets, b.stationId, b.offsetMs, b.records, before);
    this.lastDevices.set(b.stationId, after);
    if (after !== before) {
      const last = b.records.findLast((r) => r.kind === 'peripherals');
      this.devices.set(b.stationId, {
        stationId: b.stationId,
        counts: after,
        at: last ? Math.round(last.at + b.offsetMs) : this.opts.clock.now(),
      });
    }
    this.recordsRolledUp += b.records.length;
  }

  private async flushSafely(): Promise<void> {
    try {
      await this.flush();
    } catch (err) {
      this.opts.log.error({ err }, 'rollup flush failed');
    }
  }

  /** Write everything folded so far; resolves once written (a report awaits it first). */
  flush(): Promise<void> {
    const next = this.io.then(() => this.write());
    // A failed write must not stop the ones after it (its caller hears of it).
    this.io = next.catch(() => undefined);
    return next;
  }

  private async load(): Promise<void> {
    for (const d of await this.opts.store.listStationDevices()) {
      const counts = this.lastDevices.get(d.stationId) ?? {};
      const c = d.category;
      if (c === 'fingerprint' || c === 'scanner' || c === 'card_reader') counts[c] = d.presentNow;
      this.lastDevices.set(d.stationId, counts);
    }
    this.loaded = true;
    for (const b of this.unfolded.splice(0)) this.fold(b);
  }

  private async write(): Promise<void> {
    if (!this.loaded) await this.load();
    if (this.buckets.size === 0 && this.devices.size === 0) return;
    const { store, clock } = this.opts;
    const calendar = await readCalendar({ store });
    // Taken after the read: what was folded meanwhile is written now too.
    const buckets = [...this.buckets.values()];
    const devices = [...this.devices.values()];
    this.buckets = new Map();
    this.devices = new Map();
    for (let i = 0; i < buckets.length || i === 0; i += BUCKETS_PER_WRITE) {
      if (i > 0) await yieldToLoop();
      await store.applyRollups({
        buckets: buckets.slice(i, i + BUCKETS_PER_WRITE),
        devices: i === 0 ? devices : [],
        calendar,
        now: clock.now(),
      });
    }
  }
}
