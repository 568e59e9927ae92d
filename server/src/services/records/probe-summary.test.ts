import { describe, expect, it } from 'vitest';
import type { AgentRecord } from '@wardwatch/shared';
import { summarizeProbes } from './probe-summary.js';

const AT = 1_764_000_000_000;
const probe = (at: number, ok: boolean, avg?: number): AgentRecord => ({
  kind: 'probe',
  at,
  target: 'csdlqg',
  probe: 'icmp',
  ok,
  ...(avg === undefined ? {} : { rttMs: { min: avg, avg, max: avg, mdev: 0 } }),
});
const sys: AgentRecord = {
  kind: 'sys',
  at: AT,
  cpuPct: 5,
  memUsedBytes: 1,
  memTotalBytes: 2,
  disks: [],
  uptimeSec: 1,
};

describe('summarizeProbes', () => {
  it.each<[string, AgentRecord[], { lastRttMs: number | null; lastProbeOk: boolean | null }]>([
    ['no probes', [sys], { lastRttMs: null, lastProbeOk: null }],
    ['one ok probe', [probe(AT, true, 12)], { lastRttMs: 12, lastProbeOk: true }],
    [
      'latest by time wins, not by order',
      [probe(AT + 2000, true, 30), probe(AT, true, 10)],
      { lastRttMs: 30, lastProbeOk: true },
    ],
    [
      'a failed latest keeps the last good rtt',
      [probe(AT, true, 10), probe(AT + 1000, false)],
      { lastRttMs: 10, lastProbeOk: false },
    ],
    ['only failures', [probe(AT, false)], { lastRttMs: null, lastProbeOk: false }],
  ])('%s', (_name, records, expected) => {
    expect(summarizeProbes(records)).toEqual(expected);
  });
});
