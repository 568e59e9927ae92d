import type { ServiceContext } from '../services/context.js';
import {
  recordBatch,
  recordBatches,
  type BatchToRecord,
} from '../services/records/record-batch.js';

/** Called once the batch's transaction committed (err null) or failed. */
export type BatchDone = (err: Error | null, result: { duplicate: boolean } | null) => void;

export interface BatchCommitterOptions {
  context(): ServiceContext;
  /** A queued batch waits at most this long for its commit. */
  tickMs: number;
  /** ...or until this many are queued. */
  maxBatches: number;
}

interface Queued {
  item: BatchToRecord;
  done: BatchDone;
}

/** A failing callback (one connection's ack) must not keep the others from theirs. */
function settle(
  q: Queued,
  err: Error | null,
  result: { duplicate: boolean } | null,
  ctx: ServiceContext,
): void {
  try {
    q.done(err, result);
  } catch (e) {
    ctx.log.error({ err: e, stationId: q.item.stationId }, 'batch callback failed');
  }
}

/**
 * Commits the batches of every agent in ONE transaction per tick (BEGIN/COMMIT per batch was
 * the server's main cost), then calls each batch's `done` in arrival order — the caller acks
 * only then, so an ack still means "committed" (DESIGN §7). Arrival order is commit order, so
 * a station's batches stay in seq order: ticks commit one after another, never overlapping (a
 * tick's batches arriving while the previous tick's commit is awaited wait for the next tick).
 */
export class BatchCommitter {
  private readonly opts: BatchCommitterOptions;
  private queue: Queued[] = [];
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private stopped = false;
  /** The tick being committed; the next one starts after it settled. */
  private committing: Promise<void> = Promise.resolve();
  /** Transactions committed and batches in them (metrics, tests). */
  commits = 0;
  committed = 0;

  constructor(opts: BatchCommitterOptions) {
    this.opts = opts;
  }

  get queued(): number {
    return this.queue.length;
  }

  submit(item: BatchToRecord, done: BatchDone): void {
    if (this.stopped) {
      done(new Error('server stopping'), null);
      return;
    }
    this.queue.push({ item, done });
    if (this.queue.length >= this.opts.maxBatches) {
      this.immediate ??= setImmediate(() => void this.flush());
    } else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.opts.tickMs);
      this.timer.unref();
    }
  }

  /**
   * Commit everything queued now, after the tick before it (the timer calls this; stop and
   * tests may too). Resolves once every callback of this tick has run; never rejects.
   */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
    const queue = this.queue;
    this.queue = [];
    if (queue.length === 0) return this.committing;
    this.committing = this.committing.then(() =>
      // commit() handles store failures itself; this only keeps the chain of ticks alive.
      this.commit(queue).catch((err: unknown) => {
        const error = err instanceof Error ? err : new Error(String(err));
        for (const q of queue) settle(q, error, null, this.opts.context());
      }),
    );
    return this.committing;
  }

  private async commit(queue: readonly Queued[]): Promise<void> {
    const ctx = this.opts.context();
    let results: { duplicate: boolean }[] | null = null;
    try {
      results = await recordBatches({ ctx, input: queue.map((q) => q.item) });
      this.commits++;
      this.committed += queue.length;
    } catch (err) {
      ctx.log.warn({ err, batches: queue.length }, 'tick commit failed; committing one by one');
    }
    if (results) {
      queue.forEach((q, i) => settle(q, null, results?.[i] ?? null, ctx));
      return;
    }
    // One bad batch must not fail the others: retry each in its own transaction.
    for (const q of queue) {
      let result: { duplicate: boolean } | null = null;
      try {
        result = await recordBatch({ ctx, input: q.item });
      } catch (err) {
        settle(q, err instanceof Error ? err : new Error(String(err)), null, ctx);
        continue;
      }
      settle(q, null, result, ctx);
    }
  }

  /** Commits what is queued (its acks may no longer reach anyone; the agents resend). */
  async stop(): Promise<void> {
    if (this.stopped) return this.committing;
    this.stopped = true;
    await this.flush();
  }
}
