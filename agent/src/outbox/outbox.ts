import type { AgentRecord } from '@wardwatch/shared';

/** One appended batch: `seq` is assigned at append, +1 each, never reused. */
export interface OutboxBatch {
  seq: number;
  records: AgentRecord[];
}

export interface OutboxSize {
  /** Batches held that are not yet acknowledged. */
  batches: number;
  bytes: number;
  /** Highest seq ever assigned (survives restarts and deletions). */
  lastSeq: number;
  /** Highest seq the server confirmed; everything at or below it is deleted. */
  ackedSeq: number;
  /** Records ever appended (including the overflow events the outbox adds itself). */
  appendedRecords: number;
  /** Batches dropped unsent because the outbox went past its byte cap. */
  droppedBatches: number;
}

/**
 * The store between measurement and the server. Policy: records leave only on `ack`;
 * `peek` replays in seq order; past the byte cap the oldest batches are dropped first and an
 * `outbox_overflow` event counts them.
 */
export interface Outbox {
  append(records: AgentRecord[]): Promise<number>;
  /** Up to `max` batches with seq > afterSeq, in seq order. */
  peek(afterSeq: number, max: number): Promise<OutboxBatch[]>;
  /**
   * Everything ≤ seq is committed. A seq above lastSeq (the server knows a later seq than
   * this outbox, e.g. after its data dir was wiped) raises lastSeq so no seq is reused.
   */
  ack(seq: number): Promise<void>;
  size(): OutboxSize;
  close(): Promise<void>;
}

export const overflowRecord = (at: number, droppedBatches: number, droppedRecords: number) =>
  ({
    kind: 'event',
    at,
    name: 'outbox_overflow',
    detail: JSON.stringify({ droppedBatches, droppedRecords }),
  }) satisfies AgentRecord;
