import type { Batch } from '@wardwatch/shared';
import type { BatchInput, BatchResult } from '../../store/store.js';
import type { ServiceCall, ServiceContext } from '../context.js';
import { summarizeProbes } from './probe-summary.js';

export interface BatchToRecord {
  stationId: string;
  offsetMs: number;
  batch: Batch;
}

const toInput = (b: BatchToRecord, now: number): BatchInput => ({
  stationId: b.stationId,
  seq: b.batch.seq,
  offsetMs: b.offsetMs,
  receivedAt: now,
  records: b.batch.records,
  probeSummary: summarizeProbes(b.batch.records),
});

/** After the commit: the live parts and the detector hear about it. */
function announce(ctx: ServiceContext, b: BatchToRecord, result: BatchResult, now: number): void {
  if (result.duplicate) {
    ctx.store.touchStation(b.stationId, now);
    const row = ctx.store.getStationRow(b.stationId);
    if (row) ctx.events.stationChanged(row);
  } else {
    ctx.events.stationChanged(result.station);
    ctx.events.batchCommitted?.({
      stationId: b.stationId,
      wardId: result.station.wardId,
      offsetMs: b.offsetMs,
      records: b.batch.records,
    });
  }
}

/**
 * Commit one batch (or recognise a replay) before the caller acks it. A seq at or below the
 * station's last committed seq is a duplicate: nothing is stored, the ack is still due.
 */
export function recordBatch({ ctx, input }: ServiceCall<BatchToRecord>): { duplicate: boolean } {
  const now = ctx.clock.now();
  const result = ctx.store.recordBatch(toInput(input, now));
  announce(ctx, input, result, now);
  return { duplicate: result.duplicate };
}

/**
 * Commit many batches (a tick's worth, in arrival order) in ONE transaction; each result says
 * whether that batch was a duplicate. Throws (nothing committed) when the transaction fails.
 */
export function recordBatches({
  ctx,
  input,
}: ServiceCall<readonly BatchToRecord[]>): { duplicate: boolean }[] {
  const now = ctx.clock.now();
  const results = ctx.store.recordBatches(input.map((b) => toInput(b, now)));
  return input.map((b, i) => {
    const result = results[i];
    if (!result) throw new Error('store returned fewer results than batches');
    announce(ctx, b, result, now);
    return { duplicate: result.duplicate };
  });
}
