import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, isOfficeHours } from './calendar.js';
import { matchingWindow, windowCovers, type MaintenanceWindow } from './maintenance.js';

// Local time in Asia/Ho_Chi_Minh (UTC+7) → epoch ms.
const vn = (iso: string) => Date.parse(`${iso}+07:00`);

describe('isOfficeHours (default calendar)', () => {
  it.each([
    ['Monday 07:00', '2026-11-30T07:00:00', true],
    ['Monday 06:59', '2026-11-30T06:59:00', false],
    ['Monday lunch 12:00', '2026-11-30T12:00:00', false],
    ['Friday 16:59', '2026-12-04T16:59:00', true],
    ['Friday 17:00', '2026-12-04T17:00:00', false],
    ['Saturday 09:00', '2026-12-05T09:00:00', true],
    ['Saturday 14:00', '2026-12-05T14:00:00', false],
    ['Sunday 09:00', '2026-12-06T09:00:00', false],
  ])('%s → %s', (_name, iso, expected) => {
    expect(isOfficeHours(DEFAULT_CALENDAR, vn(iso))).toBe(expected);
  });

  it('skips holidays', () => {
    const cal = { ...DEFAULT_CALENDAR, holidays: ['2026-12-01'] };
    expect(isOfficeHours(cal, vn('2026-12-01T09:00:00'))).toBe(false);
  });
});

describe('maintenance windows', () => {
  const base: MaintenanceWindow = {
    id: 1,
    name: 'CSDLQG upgrade',
    startsAt: vn('2026-11-30T22:00:00'),
    endsAt: vn('2026-11-30T23:30:00'),
    recurrence: 'none',
    until: null,
    wardId: null,
    target: 'csdlqg',
  };
  it.each([
    ['one-off, inside', base, vn('2026-11-30T22:30:00'), true],
    ['one-off, next day', base, vn('2026-12-01T22:30:00'), false],
    ['daily, next day', { ...base, recurrence: 'daily' as const }, vn('2026-12-01T22:30:00'), true],
    ['daily, outside', { ...base, recurrence: 'daily' as const }, vn('2026-12-01T21:59:00'), false],
    ['weekly, +7 d', { ...base, recurrence: 'weekly' as const }, vn('2026-12-07T23:00:00'), true],
    ['weekly, +1 d', { ...base, recurrence: 'weekly' as const }, vn('2026-12-01T23:00:00'), false],
    [
      'daily, after until',
      { ...base, recurrence: 'daily' as const, until: vn('2026-12-02T00:00:00') },
      vn('2026-12-02T22:30:00'),
      false,
    ],
    ['before start', base, vn('2026-11-30T21:00:00'), false],
  ])('%s', (_name, w, t, expected) => {
    expect(windowCovers(w, t)).toBe(expected);
  });

  it('matches by ward and target (null: all)', () => {
    const t = vn('2026-11-30T22:30:00');
    expect(matchingWindow([base], 'tran-phu', 'csdlqg', t)?.id).toBe(1);
    expect(matchingWindow([base], 'tran-phu', 'vneid', t)).toBeUndefined();
    const wardOnly = { ...base, id: 2, target: null, wardId: 'nghia-an' };
    expect(matchingWindow([wardOnly], 'nghia-an', 'vneid', t)?.id).toBe(2);
    expect(matchingWindow([wardOnly], 'tran-phu', 'vneid', t)).toBeUndefined();
  });
});
