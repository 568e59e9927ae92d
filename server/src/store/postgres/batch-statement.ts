import type { BatchInput, BatchResult } from '../store.js';
import { STATION_COLS, toStation, type StationDbRow } from '../rows.js';
import type { Sql } from './pg-db.js';

/**
 * Splits a tick's batches (in arrival order) into rounds in which each station appears at
 * most once; a station's k-th batch goes to round k, so its seqs stay in order. Returns input
 * indexes. Nearly always one round: an agent sends a batch every few seconds.
 */
export function stationRounds(bs: readonly Pick<BatchInput, 'stationId'>[]): number[][] {
  const rounds: number[][] = [];
  const seen = new Map<string, number>();
  bs.forEach((b, i) => {
    const k = seen.get(b.stationId) ?? 0;
    seen.set(b.stationId, k + 1);
    (rounds[k] ??= []).push(i);
  });
  return rounds;
}

/**
 * One round in ONE statement (one round trip for the whole tick instead of one per batch):
 * advance each station's seq only if the batch's is newer (under the station's row lock), and
 * insert the records of exactly the batches that advanced. A batch without a row back is a
 * replay (or an unknown station).
 */
const ROUND_SQL = `
  WITH b AS (
    SELECT * FROM unnest($1::int[], $2::text[], $3::bigint[], $4::bigint[], $5::float8[], $6::boolean[])
      AS b(b_ord, b_station, b_seq, b_at, b_rtt, b_ok)
  ), adv AS (
    UPDATE stations SET last_seq = b.b_seq, last_seen_at = b.b_at,
      last_rtt_ms = coalesce(b.b_rtt, last_rtt_ms), last_probe_ok = coalesce(b.b_ok, last_probe_ok)
    FROM b WHERE id = b.b_station AND last_seq < b.b_seq
    RETURNING b.b_ord, b.b_seq, ${STATION_COLS}
  ), ins AS (
    INSERT INTO records (station_id, seq, idx, kind, at, t, target, body)
    SELECT adv.id, adv.b_seq, r.idx, r.kind, r.at, r.t, r.target, r.body::jsonb
    FROM unnest($7::int[], $8::int[], $9::text[], $10::bigint[], $11::bigint[], $12::text[], $13::text[])
      AS r(ord, idx, kind, at, t, target, body)
    JOIN adv ON adv.b_ord = r.ord
    ORDER BY r.ord, r.idx
  )
  SELECT * FROM adv`;

async function storeRound(
  sql: Sql,
  bs: readonly BatchInput[],
  idx: readonly number[],
  out: BatchResult[],
): Promise<void> {
  const batch = idx.map((i) => bs[i] as BatchInput);
  const rec = {
    ord: [] as number[],
    idx: [] as number[],
    kind: [] as string[],
    at: [] as number[],
  };
  const t: number[] = [];
  const target: (string | null)[] = [];
  const body: string[] = [];
  batch.forEach((b, ord) => {
    b.records.forEach((r, i) => {
      rec.ord.push(ord);
      rec.idx.push(i);
      rec.kind.push(r.kind);
      rec.at.push(r.at);
      t.push(Math.max(0, Math.round(r.at + b.offsetMs)));
      target.push('target' in r && r.target !== undefined ? r.target : null);
      body.push(JSON.stringify(r));
    });
  });
  const { rows } = await sql.query<StationDbRow & { b_ord: number; b_seq: number }>(ROUND_SQL, [
    batch.map((_, ord) => ord),
    batch.map((b) => b.stationId),
    batch.map((b) => b.seq),
    batch.map((b) => b.receivedAt),
    batch.map((b) => b.probeSummary.lastRttMs),
    batch.map((b) => b.probeSummary.lastProbeOk),
    rec.ord,
    rec.idx,
    rec.kind,
    rec.at,
    t,
    target,
    body,
  ]);
  const advanced = new Map(rows.map((r) => [Number(r.b_ord), r]));
  const replays = batch.filter((_, ord) => !advanced.has(ord)).map((b) => b.stationId);
  const lastSeqs = new Map<string, number>();
  if (replays.length > 0) {
    const seen = await sql.query<{ id: string; last_seq: number }>(
      'SELECT id, last_seq FROM stations WHERE id = ANY($1::text[])',
      [replays],
    );
    for (const r of seen.rows) lastSeqs.set(r.id, Number(r.last_seq));
  }
  batch.forEach((b, ord) => {
    const row = advanced.get(ord);
    const i = idx[ord] as number;
    if (row) {
      out[i] = { duplicate: false, lastSeq: b.seq, station: toStation(row) };
      return;
    }
    const lastSeq = lastSeqs.get(b.stationId);
    if (lastSeq === undefined) throw new Error(`station ${b.stationId} vanished during a batch`);
    out[i] = { duplicate: true, lastSeq };
  });
}

/** A tick's batches, in as few statements as there are rounds (see stationRounds). */
export async function storeBatches(sql: Sql, bs: readonly BatchInput[]): Promise<BatchResult[]> {
  const out: BatchResult[] = new Array<BatchResult>(bs.length);
  for (const round of stationRounds(bs)) await storeRound(sql, bs, round, out);
  return out;
}
