// node --test bench/
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findKnee, percentile, summarize } from './stats.mjs';

test('percentile uses nearest rank', () => {
  const xs = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(xs, 50), 50);
  assert.equal(percentile(xs, 99), 99);
  assert.equal(percentile(xs, 100), 100);
  assert.equal(percentile([], 50), null);
});

test('summarize sorts numerically and keeps the input', () => {
  const xs = [10, 2, 33, 4];
  const s = summarize(xs);
  assert.deepEqual([s.min, s.max, s.count, s.p50], [2, 33, 4, 4]);
  assert.deepEqual(xs, [10, 2, 33, 4]);
});

test('findKnee returns the first N over the limit', () => {
  const pts = [
    { n: 5000, p99: 320 },
    { n: 1000, p99: 120 },
    { n: 10000, p99: 900 },
  ];
  assert.deepEqual(findKnee(pts, 500), { kneeN: 10000, lastBelowN: 5000, found: true });
  assert.deepEqual(findKnee(pts.slice(0, 2), 500), { kneeN: null, lastBelowN: 5000, found: false });
});
