import type { SeqGap } from '../../ingest/guards.js';
import type { ServiceContext } from '../context.js';

/** A forward seq gap is accepted (agent outbox overflow) and written to the audit log. */
export async function auditSeqGap(
  ctx: ServiceContext,
  stationId: string,
  gap: SeqGap,
): Promise<void> {
  ctx.log.warn({ stationId, ...gap }, 'agent skipped batch seqs');
  await ctx.store.appendAudit({
    at: ctx.clock.now(),
    username: `station:${stationId}`,
    action: gap.announced ? 'station.seq_gap.outbox_overflow' : 'station.seq_gap',
    detail: JSON.stringify({ stationId, ...gap }),
  });
}
