import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../detector/calendar.js';
import type { AgentRecord } from '../../protocol/records.js';
import { dayDelta, foldRecords, mergeBucket, type BucketAgg } from './rollup.js';

const T = Date.UTC(2026, 9, 5, 1); // Mon 08:00 local
const sys = (at: number): AgentRecord => ({
  kind: 'sys',
  at,
  cpuPct: 1,
  memUsedBytes: 1,
  memTotalBytes: 2,
  disks: [],
  uptimeSec: 1,
});

describe('rollup folding', () => {
  it('buckets records, carries devices forward, and files drops by drop time', () => {
    const into = new Map<string, BucketAgg>();
    const recs: AgentRecord[] = [
      {
        kind: 'peripherals',
        at: T,
        devices: [{ vid: '1', pid: '2', vendor: 'v', product: 'p', category: 'scanner' }],
      },
      {
        kind: 'probe',
        at: T + 1000,
        target: 'nat',
        probe: 'icmp',
        ok: true,
        rttMs: { min: 5, avg: 5, max: 5, mdev: 0 },
      },
      sys(T + 400_000),
      {
        kind: 'session',
        at: T + 401_000,
        session: 'server',
        startedAt: T,
        endedAt: T + 10_000,
        cause: 'reset',
      },
    ];
    const devices = foldRecords(into, 's', 0, recs, {});
    expect(devices).toEqual({ scanner: 1 });
    const own = [...into.values()]
      .filter((b) => b.target === '')
      .sort((a, b) => a.bucket - b.bucket);
    expect(own.map((b) => [b.records, b.drops, b.devices.scanner])).toEqual([
      [2, 1, 1],
      [2, 0, 1],
    ]);
    const nat = [...into.values()].find((b) => b.target === 'nat');
    expect(nat).toMatchObject({ rounds: 1, ok: 1, hist: { '5': 1 } });
  });

  it('a re-flushed bucket adds its counts but is counted as on/connected once', () => {
    const a = new Map<string, BucketAgg>();
    foldRecords(a, 's', 0, [sys(T)], { scanner: 1 });
    const first = [...a.values()][0] as BucketAgg;
    const d1 = dayDelta(DEFAULT_CALENDAR, null, first, first);
    const b = new Map<string, BucketAgg>();
    foldRecords(b, 's', 0, [sys(T + 1000)], { scanner: 1 });
    const second = [...b.values()][0] as BucketAgg;
    const merged = mergeBucket(first, second);
    const d2 = dayDelta(DEFAULT_CALENDAR, first, merged, second);
    expect(merged.records).toBe(2);
    expect([d1.buckets, d1.deviceBuckets.scanner, d1.office]).toEqual([1, 1, 1]);
    expect([d2.buckets, d2.deviceBuckets.scanner]).toEqual([0, undefined]);
  });
});
