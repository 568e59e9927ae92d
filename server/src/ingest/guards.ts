import { RECORD_MAX_AGE_MS, type Batch } from '@wardwatch/shared';

export { RECORD_MAX_AGE_MS };

/**
 * Time bounds for stored records, on the server clock after offset correction (`t = at +
 * offsetMs`). Past: RECORD_MAX_AGE_MS (shared: agents drop older records themselves).
 * Future: after correction a record can only be ahead by the agent's clock stepping during
 * the connection; an hour is plenty.
 */
export const RECORD_MAX_AHEAD_MS = 3600_000;

/** Why a (decoded, schema-valid) batch is refused, or null when it may be stored. */
export function checkBatch(batch: Batch, offsetMs: number, now: number): string | null {
  // A seq past 2^53 would compare equal to its neighbours and stall the station for good.
  if (!Number.isSafeInteger(batch.seq)) return 'seq out of range';
  for (const [i, record] of batch.records.entries()) {
    const t = record.at + offsetMs;
    // Huge numbers pass the schema (EpochMs has no maximum): refuse what is not a safe integer.
    if (!Number.isSafeInteger(t)) return `record ${i}: time out of range`;
    if (t < now - RECORD_MAX_AGE_MS) {
      return `record ${i}: time ${t} (server clock) is more than 30 days in the past`;
    }
    if (t > now + RECORD_MAX_AHEAD_MS) {
      return `record ${i}: time ${t} (server clock) is more than 1 h in the future`;
    }
  }
  return null;
}

export interface SeqGap {
  fromSeq: number;
  toSeq: number;
  /** The batch announces it: the agent's outbox dropped its oldest batches past its cap. */
  announced: boolean;
}

/**
 * Seq rule: a forward gap (seq > acked + 1) is accepted, because the agent's outbox drops its
 * oldest batches past its cap, and is reported (audit log) so a missing stretch is explained.
 * `announced` tells whether an `outbox_overflow` event travels in this batch.
 */
export function seqGap(batch: Batch, ackedSeq: number): SeqGap | null {
  if (batch.seq <= ackedSeq + 1) return null;
  const announced = batch.records.some((r) => r.kind === 'event' && r.name === 'outbox_overflow');
  return { fromSeq: ackedSeq + 1, toSeq: batch.seq - 1, announced };
}

/** Live agent sockets per client address; the upgrade is refused past the cap. */
export class ConnectionsPerIp<S> {
  private readonly byIp = new Map<string, Set<S>>();
  readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  full(ip: string): boolean {
    return (this.byIp.get(ip)?.size ?? 0) >= this.max;
  }

  add(ip: string, socket: S): void {
    const set = this.byIp.get(ip) ?? new Set<S>();
    set.add(socket);
    this.byIp.set(ip, set);
  }

  remove(ip: string, socket: S): void {
    const set = this.byIp.get(ip);
    if (!set) return;
    set.delete(socket);
    if (set.size === 0) this.byIp.delete(ip);
  }
}
