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

/** A replay changes nothing but the station's last contact. */
async function touchReplayed(ctx: ServiceContext, stationId: string, now: number): Promise<void> {
  await ctx.store.touchStation(stationId, now);
  const row = await ctx.store.getStationRow(stationId);
  if (row) ctx.events.stationChanged(row);
}

/**
 * After the commit: the live parts and the detector hear about it. A new batch needs no store
 * call (its station row came back with the commit), so the tick's hot path awaits nothing here.
 */
function announce(
  ctx: ServiceContext,
  b: BatchToRecord,
  result: BatchResult,
  now: number,
): Promise<void> | null {
  if (result.duplicate) return touchReplayed(ctx, b.stationId, now);
  ctx.events.stationChanged(result.station);
  ctx.events.batchCommitted?.({
    stationId: b.stationId,
    wardId: result.station.wardId,
    offsetMs: b.offsetMs,
    records: b.batch.records,
  });
  return null;
}

/**
 * Commit one batch (or recognise a replay) before the caller acks it. A seq at or below the
 * station's last committed seq is a duplicate: nothing is stored, the ack is still due.
 */
export async function recordBatch({
  ctx,
  input,
}: ServiceCall<BatchToRecord>): Promise<{ duplicate: boolean }> {
  const now = ctx.clock.now();
  const result = await ctx.store.recordBatch(toInput(input, now));
  await announce(ctx, input, result, now);
  return { duplicate: result.duplicate };
}

/**
 * Commit many batches (a tick's worth, in arrival order) in ONE transaction; each result says
 * whether that batch was a duplicate. Rejects (nothing committed) when the transaction fails.
 */
export async function recordBatches({
  ctx,
  input,
}: ServiceCall<readonly BatchToRecord[]>): Promise<{ duplicate: boolean }[]> {
  const now = ctx.clock.now();
  const results = await ctx.store.recordBatches(input.map((b) => toInput(b, now)));
  if (results.length !== input.length) throw new Error('store returned fewer results than batches');
  // In arrival order, so the detector sees each station's batches in seq order.
  const out: { duplicate: boolean }[] = [];
  for (const [i, b] of input.entries()) {
    const result = results[i] as BatchResult;
    const replay = announce(ctx, b, result, now);
    if (replay) await replay;
    out.push({ duplicate: result.duplicate });
  }
  return out;
}
