import type { AgentRecord } from '@wardwatch/shared';
import { overflowRecord, type Outbox, type OutboxBatch, type OutboxSize } from './outbox.js';

export interface MemoryOutboxOptions {
  /** Seq to continue from (the highest one already used). */
  lastSeq?: number;
  maxBytes?: number;
  now?: () => number;
}

interface Held extends OutboxBatch {
  bytes: number;
}

/** Same policy as the disk outbox, kept in memory (the fleet simulator, tests). */
export class MemoryOutbox implements Outbox {
  #held: Held[] = [];
  #bytes = 0;
  #lastSeq: number;
  #ackedSeq: number;
  #appended = 0;
  #dropped = 0;
  #maxBytes: number;
  #now: () => number;

  constructor(options: MemoryOutboxOptions = {}) {
    this.#lastSeq = options.lastSeq ?? 0;
    this.#ackedSeq = this.#lastSeq;
    this.#maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.#now = options.now ?? Date.now;
  }

  async append(records: AgentRecord[]): Promise<number> {
    const seq = this.#push(records);
    let droppedBatches = 0;
    let droppedRecords = 0;
    while (this.#bytes > this.#maxBytes && this.#held.length > 1) {
      const oldest = this.#held.shift() as Held;
      this.#bytes -= oldest.bytes;
      droppedBatches += 1;
      droppedRecords += oldest.records.length;
    }
    if (droppedBatches > 0) {
      this.#dropped += droppedBatches;
      this.#push([overflowRecord(this.#now(), droppedBatches, droppedRecords)]);
    }
    return seq;
  }

  #push(records: AgentRecord[]): number {
    const seq = ++this.#lastSeq;
    const bytes = JSON.stringify({ seq, records }).length + 1;
    this.#held.push({ seq, records, bytes });
    this.#bytes += bytes;
    this.#appended += records.length;
    return seq;
  }

  async peek(afterSeq: number, max: number): Promise<OutboxBatch[]> {
    const out: OutboxBatch[] = [];
    for (const b of this.#held) {
      if (out.length >= max) break;
      if (b.seq > afterSeq) out.push({ seq: b.seq, records: b.records });
    }
    return out;
  }

  async ack(seq: number): Promise<void> {
    if (seq <= this.#ackedSeq) return;
    this.#ackedSeq = seq;
    this.#lastSeq = Math.max(this.#lastSeq, seq);
    while (this.#held.length > 0 && (this.#held[0] as Held).seq <= seq) {
      this.#bytes -= (this.#held.shift() as Held).bytes;
    }
  }

  size(): OutboxSize {
    return {
      batches: this.#held.length,
      bytes: this.#bytes,
      lastSeq: this.#lastSeq,
      ackedSeq: this.#ackedSeq,
      appendedRecords: this.#appended,
      droppedBatches: this.#dropped,
    };
  }

  async close(): Promise<void> {}
}
