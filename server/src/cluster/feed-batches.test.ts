import { describe, expect, it } from 'vitest';
import type { AgentRecord } from '@wardwatch/shared';
import { toCommittedBatches, type FeedRow } from './feed-batches.js';

const T0 = 1_700_000_000_000;
const rec = (at: number): AgentRecord => ({
  kind: 'probe',
  at,
  target: 'x',
  probe: 'tcp',
  ok: true,
  rttMs: { min: 1, avg: 1, max: 1, mdev: 0 },
  sent: 1,
  received: 1,
  lossPct: 0,
});
let nextId = 1;
const row = (stationId: string, at: number, offsetMs: number): FeedRow => ({
  id: nextId++,
  stationId,
  wardId: `w-${stationId}`,
  t: at + offsetMs,
  record: rec(at),
});

describe('toCommittedBatches', () => {
  it('groups consecutive rows of one station and offset, keeping order', () => {
    const rows = [
      row('a', T0, 5),
      row('a', T0 + 1000, 5),
      row('b', T0, -20),
      row('a', T0 + 2000, 5),
      row('a', T0 + 3000, 7),
    ];
    const batches = toCommittedBatches(rows);
    expect(batches.map((b) => [b.stationId, b.offsetMs, b.records.length])).toEqual([
      ['a', 5, 2],
      ['b', -20, 1],
      ['a', 5, 1],
      ['a', 7, 1],
    ]);
    expect(batches[1]?.wardId).toBe('w-b');
  });

  it('reproduces every stored t from at + offset', () => {
    const rows = [row('a', T0 + 0.4, 3), row('a', T0 + 1.2, 3), row('c', T0, 1_234_567)];
    const ts = toCommittedBatches(rows).flatMap((b) =>
      b.records.map((r) => Math.max(0, Math.round(r.at + b.offsetMs))),
    );
    expect(ts).toEqual(rows.map((r) => Math.max(0, Math.round(r.t))));
  });

  it('gives nothing for nothing', () => {
    expect(toCommittedBatches([])).toEqual([]);
  });
});
