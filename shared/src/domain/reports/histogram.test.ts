import { describe, expect, it } from 'vitest';
import { addToHistogram, histogramQuantile, mergeHistograms, rttBin } from './histogram.js';

describe('RTT histogram', () => {
  it('bins exactly to 1 ms up to 100 ms, then coarser', () => {
    expect([0.2, 12, 100, 101, 999, 1001, 20_000].map(rttBin)).toEqual([
      1, 12, 100, 110, 1000, 1100, 100_000,
    ]);
  });
  it('gives nearest-rank quantiles over merged histograms', () => {
    const a = {};
    const b = {};
    for (const v of [10, 20, 30, 40]) addToHistogram(a, v);
    for (let i = 0; i < 16; i++) addToHistogram(b, 15);
    const m = mergeHistograms({ ...a }, b);
    expect(histogramQuantile(a, 0.5)).toBe(20);
    expect(histogramQuantile(a, 0.95)).toBe(40);
    expect(histogramQuantile(m, 0.5)).toBe(15);
    expect(histogramQuantile(m, 0.95)).toBe(30);
    expect(histogramQuantile({}, 0.5)).toBeNull();
  });
});
