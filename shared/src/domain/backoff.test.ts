import { describe, expect, it } from 'vitest';
import { nextBackoffMs } from './backoff.js';

describe('nextBackoffMs', () => {
  it.each([
    [0, 0.5, 500],
    [1, 0.5, 1000],
    [3, 0.999, 7992],
    [10, 0.5, 30_000], // capped at 60 s
    [50, 0.999, 59_940],
    [2, 0, 0],
  ])('attempt %i, random %f → %i ms', (attempt, random, expected) => {
    expect(nextBackoffMs(attempt, random)).toBe(expected);
  });

  it('never exceeds the cap', () => {
    for (let a = 0; a < 100; a++) expect(nextBackoffMs(a, 0.9999)).toBeLessThan(60_000);
  });
});
