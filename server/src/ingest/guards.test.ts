import { describe, expect, it } from 'vitest';
import type { Batch } from '@wardwatch/shared';
import { ConnectionsPerIp, RECORD_MAX_AGE_MS, checkBatch, seqGap } from './guards.js';

const NOW = 1_800_000_000_000;
const batchAt = (seq: number, ats: number[], overflow = false): Batch => ({
  v: 1,
  type: 'batch',
  seq,
  sentAt: NOW,
  records: [
    ...ats.map((at) => ({
      kind: 'sys' as const,
      at,
      cpuPct: 1,
      memUsedBytes: 1,
      memTotalBytes: 2,
      disks: [],
      uptimeSec: 1,
    })),
    ...(overflow ? [{ kind: 'event' as const, at: NOW, name: 'outbox_overflow' }] : []),
  ],
});

describe('checkBatch', () => {
  it('accepts records inside the bounds, after offset correction', () => {
    expect(checkBatch(batchAt(1, [NOW - 5 * 86_400_000, NOW + 60_000]), 0, NOW)).toBeNull();
    // The agent clock is a year behind, but the offset corrects it.
    expect(checkBatch(batchAt(1, [NOW - 365 * 86_400_000]), 365 * 86_400_000, NOW)).toBeNull();
  });
  it('refuses far past and far future records', () => {
    expect(checkBatch(batchAt(1, [NOW - RECORD_MAX_AGE_MS - 1]), 0, NOW)).toMatch(/past/);
    expect(checkBatch(batchAt(1, [NOW, NOW + 2 * 3600_000]), 0, NOW)).toMatch(/record 1.*future/);
  });
});

describe('seqGap', () => {
  it('reports forward gaps and whether the batch announces an outbox overflow', () => {
    expect(seqGap(batchAt(6, [NOW]), 5)).toBeNull();
    expect(seqGap(batchAt(3, [NOW]), 5)).toBeNull();
    expect(seqGap(batchAt(1, [NOW]), 0)).toBeNull();
    expect(seqGap(batchAt(9, [NOW]), 5)).toEqual({ fromSeq: 6, toSeq: 8, announced: false });
    expect(seqGap(batchAt(9, [NOW], true), 5)).toMatchObject({ announced: true });
  });
});

describe('ConnectionsPerIp', () => {
  it('is full at the cap and frees on remove', () => {
    const c = new ConnectionsPerIp<object>(2);
    const a = {};
    const b = {};
    c.add('1.1.1.1', a);
    expect(c.full('1.1.1.1')).toBe(false);
    c.add('1.1.1.1', b);
    expect(c.full('1.1.1.1')).toBe(true);
    expect(c.full('2.2.2.2')).toBe(false);
    c.remove('1.1.1.1', a);
    expect(c.full('1.1.1.1')).toBe(false);
  });
});

describe('checkBatch on absurd numbers', () => {
  it('refuses times that are not safe integers instead of throwing', () => {
    expect(checkBatch(batchAt(1, [1e308]), 0, NOW)).toMatch(/out of range/);
    expect(checkBatch(batchAt(1, [2 ** 53 + 1]), 0, NOW)).toMatch(/out of range/);
    expect(checkBatch(batchAt(2 ** 53, [NOW]), 0, NOW)).toMatch(/seq out of range/);
  });
});
