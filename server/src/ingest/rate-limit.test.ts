import { describe, expect, it } from 'vitest';
import { fullBucket, takeToken, type TokenBucket } from './rate-limit.js';

const T0 = 1_764_000_000_000;
const policy = { ratePerSec: 10, burst: 3 };

function drain(bucket: TokenBucket, now: number, n: number) {
  const results: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const r = takeToken(bucket, now, policy);
    bucket = r.bucket;
    results.push(r.allowed);
  }
  return { bucket, results };
}

describe('takeToken', () => {
  it('allows the burst, then refuses', () => {
    expect(drain(fullBucket(policy, T0), T0, 4).results).toEqual([true, true, true, false]);
  });

  it('refills at the rate, capped at the burst', () => {
    const { bucket } = drain(fullBucket(policy, T0), T0, 3);
    expect(drain(bucket, T0 + 100, 2).results).toEqual([true, false]);
    expect(drain(bucket, T0 + 60_000, 4).results).toEqual([true, true, true, false]);
  });

  it('treats a clock going backwards as no time passed', () => {
    const { bucket } = drain(fullBucket(policy, T0), T0, 3);
    expect(takeToken(bucket, T0 - 5000, policy).allowed).toBe(false);
  });
});
