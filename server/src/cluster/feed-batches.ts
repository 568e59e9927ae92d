import type { AgentRecord } from '@wardwatch/shared';
import type { CommittedBatch } from '../services/context.js';

/** One stored record as the leader's feed reads it back (commit order = id order). */
export interface FeedRow {
  id: number;
  stationId: string;
  wardId: string;
  /** `record.at` corrected by the connection's clock offset, as stored. */
  t: number;
  record: AgentRecord;
}

/**
 * Rows → the batches the detector and rollups take: consecutive rows of one station with
 * one clock offset form a batch, and `offsetMs = t − record.at` reproduces the stored `t` exactly.
 */
export function toCommittedBatches(rows: readonly FeedRow[]): CommittedBatch[] {
  const out: { stationId: string; wardId: string; offsetMs: number; records: AgentRecord[] }[] = [];
  for (const row of rows) {
    const offsetMs = row.t - row.record.at;
    const last = out[out.length - 1];
    if (last && last.stationId === row.stationId && last.offsetMs === offsetMs) {
      last.records.push(row.record);
    } else {
      out.push({ stationId: row.stationId, wardId: row.wardId, offsetMs, records: [row.record] });
    }
  }
  return out;
}
