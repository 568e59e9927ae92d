import { describe, expect, it } from 'vitest';
import { evidenceRows, timelineText } from './incident-detail-data.js';

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
