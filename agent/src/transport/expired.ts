import type { AgentRecord } from '@wardwatch/shared';
import { RECORD_MAX_AGE_MS } from '@wardwatch/shared/agent';

/**
 * Margin under the server's bound: the server judges age on its own clock after offset
 * correction, so records within an hour of the bound are dropped here rather than risk a
 * refusal (a refused batch would be resent forever and hold back everything after it).
 */
const MARGIN_MS = 3600_000;

/**
 * The records of an outbox batch the server will still take at `now` (agent clock); the
 * dropped ones are replaced by one `records_expired` event that counts them. A batch never
 * comes out empty: if everything expired, the event alone carries the seq forward.
 */
export function withoutExpired(records: AgentRecord[], now: number): AgentRecord[] {
  const cutoff = now - RECORD_MAX_AGE_MS + MARGIN_MS;
  const kept = records.filter((r) => r.at >= cutoff);
  if (kept.length === records.length) return records;
  const dropped = records.length - kept.length;
  return [
    ...kept,
    {
      kind: 'event',
      at: now,
      name: 'records_expired',
      detail: JSON.stringify({
        droppedRecords: dropped,
        maxAgeDays: RECORD_MAX_AGE_MS / 86_400_000,
      }),
    },
  ];
}
