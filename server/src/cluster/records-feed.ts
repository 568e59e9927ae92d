import type pg from 'pg';
import type { AgentRecord } from '@wardwatch/shared';
import type { CommittedBatch, Logger } from '../services/context.js';
import { toCommittedBatches, type FeedRow } from './feed-batches.js';
import { createPool, type PgTarget } from '../store/postgres/pg-db.js';

export interface RecordsFeedOptions {
  target: PgTarget;
  log: Logger;
  pollMs: number;
  /** Rows per query; a full page is followed by the next at once. */
  pageRows: number;
  /** The stored checkpoint; null at the first start (the feed then begins at the newest record). */
  loadCursor(): Promise<number | null> | number | null;
  /**
   * Called every `checkpointMs` and at stop with the cursor of everything handed on so far:
   * the consumer makes that durable (flushes its rollups) and stores the cursor, so the next
   * leader resumes there.
   */
  saveCursor(cursor: number): Promise<void> | void;
  checkpointMs: number;
  onBatches(batches: CommittedBatch[]): void;
}

interface RawRow {
  id: number;
  station_id: string;
  ward_id: string;
  t: number;
  body: AgentRecord;
}

/**
 * The leader's view of what EVERY instance committed: polls `records` by id. Ids are
 * commit order because ingest takes one advisory transaction lock before inserting (see
 * PostgresStore.recordBatches); without it a slower transaction could commit a lower id
 * after the cursor passed it.
 */
export class RecordsFeed {
  private readonly opts: RecordsFeedOptions;
  private readonly pool: pg.Pool;
  private timer: NodeJS.Timeout | null = null;
  private checkpointTimer: NodeJS.Timeout | null = null;
  private saved = -1;
  private running: Promise<void> | null = null;
  private stopped = false;
  /** Id of the last record handed on. */
  cursor = 0;
  rowsRead = 0;

  constructor(opts: RecordsFeedOptions) {
    this.opts = opts;
    // The store's pool settings: the schema on the search path, BIGINT as numbers.
    this.pool = createPool(opts.target, 1);
  }

  async start(): Promise<void> {
    const stored = await this.opts.loadCursor();
    if (stored !== null) {
      this.cursor = stored;
    } else {
      const res = await this.pool.query<{ max: number | null }>(
        'SELECT max(id) AS max FROM records',
      );
      this.cursor = res.rows[0]?.max ?? 0;
    }
    this.timer = setInterval(() => void this.poll(), this.opts.pollMs);
    this.timer.unref();
    this.checkpointTimer = setInterval(() => void this.checkpoint(), this.opts.checkpointMs);
    this.checkpointTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.checkpointTimer) clearInterval(this.checkpointTimer);
    this.timer = null;
    this.checkpointTimer = null;
    await this.running;
    await this.checkpoint();
    await this.pool.end();
  }

  private async checkpoint(): Promise<void> {
    const cursor = this.cursor;
    if (cursor === this.saved) return;
    try {
      await this.opts.saveCursor(cursor);
      this.saved = cursor;
    } catch (err) {
      this.opts.log.warn({ err, cursor }, 'records feed checkpoint failed');
    }
  }

  /** Read and hand on everything committed since the cursor (one pass at a time). */
  poll(): Promise<void> {
    this.running ??= this.readAll()
      .catch((err: unknown) => this.opts.log.warn({ err }, 'records feed poll failed'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async readAll(): Promise<void> {
    while (!this.stopped) {
      const res = await this.pool.query<RawRow>(
        `SELECT r.id, r.station_id, s.ward_id, r.t, r.body
           FROM records r JOIN stations s ON s.id = r.station_id
          WHERE r.id > $1 ORDER BY r.id LIMIT $2`,
        [this.cursor, this.opts.pageRows],
      );
      if (res.rows.length === 0) return;
      const rows: FeedRow[] = res.rows.map((r) => ({
        id: r.id,
        stationId: r.station_id,
        wardId: r.ward_id,
        t: r.t,
        record: r.body,
      }));
      this.cursor = rows[rows.length - 1]?.id ?? this.cursor;
      this.rowsRead += rows.length;
      try {
        this.opts.onBatches(toCommittedBatches(rows));
      } catch (err) {
        this.opts.log.error({ err }, 'records feed consumer failed');
      }
      if (rows.length < this.opts.pageRows) return;
    }
  }
}
