import type { Batch } from '@wardwatch/shared';
import type { ServiceCall } from '../context.js';
import { summarizeProbes } from './probe-summary.js';

/**
 * Commit one batch (or recognise a replay) before the caller acks it. A seq at or below the
 * station's last committed seq is a duplicate: nothing is stored, the ack is still due.
 */
export function recordBatch({
  ctx,
  input,
}: ServiceCall<{ stationId: string; offsetMs: number; batch: Batch }>): {
  duplicate: boolean;
} {
  const now = ctx.clock.now();
  const result = ctx.store.recordBatch({
    stationId: input.stationId,
    seq: input.batch.seq,
    offsetMs: input.offsetMs,
    receivedAt: now,
    records: input.batch.records,
    probeSummary: summarizeProbes(input.batch.records),
  });
  if (result.duplicate) {
    ctx.store.touchStation(input.stationId, now);
    const row = ctx.store.getStationRow(input.stationId);
    if (row) ctx.events.stationChanged(row);
  } else {
    ctx.events.stationChanged(result.station);
    ctx.events.batchCommitted?.({
      stationId: input.stationId,
      wardId: result.station.wardId,
      offsetMs: input.offsetMs,
      records: input.batch.records,
    });
  }
  return { duplicate: result.duplicate };
}
