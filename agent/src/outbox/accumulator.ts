import type { AgentRecord } from '@wardwatch/shared';
import type { Outbox } from './outbox.js';

export interface AccumulatorOptions {
  outbox: Outbox;
  flushMs: number;
  /** Append early once this many records wait (well under the protocol's 1000). */
  maxRecords?: number;
  /** Called after each append (e.g. to wake the transport). */
  onAppend?: (seq: number) => void;
  onError?: (err: unknown) => void;
}

/** Collects records from collectors and probes and appends them as one batch per flush. */
export class Accumulator {
  #opts: AccumulatorOptions;
  #pending: AgentRecord[] = [];
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> = Promise.resolve();

  constructor(options: AccumulatorOptions) {
    this.#opts = options;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.flush(), this.#opts.flushMs);
    this.#timer.unref();
  }

  add(record: AgentRecord): void {
    this.#pending.push(record);
    if (this.#pending.length >= (this.#opts.maxRecords ?? 500)) void this.flush();
  }

  get pendingCount(): number {
    return this.#pending.length;
  }

  /** Appends what is pending now; appends are serialized so seq order matches add order. */
  flush(): Promise<void> {
    const records = this.#pending;
    this.#pending = [];
    const next = this.#flushing.then(async () => {
      if (records.length === 0) return;
      try {
        const seq = await this.#opts.outbox.append(records);
        this.#opts.onAppend?.(seq);
      } catch (err) {
        // Kept for the next flush rather than lost (e.g. a full disk that recovers).
        this.#pending = records.concat(this.#pending);
        this.#opts.onError?.(err);
      }
    });
    this.#flushing = next;
    return next;
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.flush();
  }
}
