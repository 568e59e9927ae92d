import type { AgentRecord } from '@wardwatch/shared';
import type { OutboxSize } from './outbox.js';

/** At 1 s per batch, more than this many unacked batches is a backlog, not batches in flight. */
export const BACKLOG_MIN_BATCHES = 5;
export const BACKLOG_REPORT_EVERY_MS = 60_000;

/**
 * Decides when to tell the server about the outbox (an `event` record `name: "outbox"`,
 * detail `{"batches":N,"bytes":N}`, shown as a /metrics gauge): at most once a minute while
 * there is a backlog, and once more when it has drained. No timer of its own: the caller
 * calls `observe` periodically.
 */
export class BacklogReport {
  #lastReportAt: number | null = null;

  observe(size: Pick<OutboxSize, 'batches' | 'bytes'>, now: number): AgentRecord | null {
    const hasBacklog = size.batches >= BACKLOG_MIN_BATCHES;
    if (hasBacklog) {
      if (this.#lastReportAt !== null && now - this.#lastReportAt < BACKLOG_REPORT_EVERY_MS)
        return null;
      this.#lastReportAt = now;
    } else {
      if (this.#lastReportAt === null) return null;
      this.#lastReportAt = null;
    }
    return {
      kind: 'event',
      at: now,
      name: 'outbox',
      detail: JSON.stringify({ batches: size.batches, bytes: size.bytes }),
    };
  }
}
