import type { ProbeRecord } from '@wardwatch/shared';
import { describe, expect, it } from 'vitest';
import { estimateLink, median, roundTripLossPct } from './probe-stats.js';

const rec = (p: Partial<ProbeRecord>): ProbeRecord => ({
  kind: 'probe',
  at: 0,
  target: 't',
  probe: 'icmp',
  ok: true,
  ...p,
});
const rtt = (avg: number) => ({ min: avg, avg, max: avg, mdev: 0 });

describe('estimateLink', () => {
  it('pools loss over echoes and weights the mean RTT by replies', () => {
    const e = estimateLink([
      rec({ sent: 4, received: 4, rttMs: rtt(80) }),
      rec({ sent: 6, received: 4, rttMs: rtt(90) }),
      rec({ ok: false, sent: 6, received: 0, lossPct: 100 }),
    ]);
    expect(e).toMatchObject({ rounds: 3, okRounds: 2, sent: 16, received: 8, lossPct: 50 });
    expect(e.rttMeanMs).toBe(85);
    expect(e.rttMedianMs).toBe(85);
  });

  it('counts a tcp round as one attempt', () => {
    const e = estimateLink([
      rec({ probe: 'tcp', rttMs: rtt(80) }),
      rec({ probe: 'tcp', ok: false }),
      rec({ probe: 'tcp', rttMs: rtt(82) }),
    ]);
    expect(e.sent).toBe(3);
    expect(e.received).toBe(2);
    expect(e.lossPct).toBeCloseTo(33.333, 2);
  });
});

describe('helpers', () => {
  it('median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('10 % per direction is 19 % round trip', () => {
    expect(roundTripLossPct(0.1)).toBeCloseTo(19, 6);
    expect(roundTripLossPct(0)).toBe(0);
  });
});
