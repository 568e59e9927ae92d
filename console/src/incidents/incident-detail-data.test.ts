import { describe, expect, it } from 'vitest';
import { evidenceRows, heldDownSummary, timelineText } from './incident-detail-data.js';

describe('timelineText', () => {
  it.each([
    [{ at: 1, type: 'opened', username: null, detail: '{"x":1}' }, 'timeline.opened', null],
    [
      { at: 1, type: 'note', username: 'an', detail: 'Đã gọi điện' },
      'timeline.note',
      'Đã gọi điện',
    ],
    [{ at: 1, type: 'acknowledged', username: 'an', detail: null }, 'timeline.acknowledged', null],
    [{ at: 1, type: 'mystery', username: null, detail: 'x' }, 'timeline.other', null],
  ] as const)('%o', (entry, key, note) => {
    expect(timelineText(entry)).toEqual({ key, note });
  });
});

describe('evidenceRows', () => {
  it('flattens nested evidence and detail', () => {
    expect(
      evidenceRows(
        { wards: ['a', 'b'], gateway: { ok: true }, empty: null },
        { reason: 'timeout', rounds: [{ ok: false }] },
      ),
    ).toEqual([
      { field: 'wards', value: 'a, b' },
      { field: 'gateway.ok', value: 'true' },
      { field: 'reason', value: 'timeout' },
      { field: 'rounds', value: '[{"ok":false}]' },
    ]);
  });
});

describe('heldDownSummary (a flapping link_degraded)', () => {
  const detail = {
    reason: 'flapping',
    downSpans: [
      [0, 90_000],
      [360_000, 450_000],
    ],
  };
  it('sums the down runs; they are not listed as raw times', () => {
    expect(heldDownSummary(detail, 1e6)).toEqual({ runs: 2, totalMs: 180_000, downNow: false });
    expect(evidenceRows({}, detail)).toEqual([{ field: 'reason', value: 'flapping' }]);
  });
  it('counts a run under way up to now', () => {
    expect(heldDownSummary({ ...detail, downSince: 700_000 }, 760_000)).toEqual({
      runs: 3,
      totalMs: 240_000,
      downNow: true,
    });
  });
  it('is null for incidents that carry none', () => {
    expect(heldDownSummary({ reason: 'quality' }, 1)).toBeNull();
    expect(heldDownSummary({ downSpans: [], downSince: null }, 1)).toBeNull();
  });
});
