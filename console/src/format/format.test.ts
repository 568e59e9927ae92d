import { describe, expect, it } from 'vitest';
import {
  formatAxisTime,
  formatDateTime,
  formatDuration,
  formatNumber,
  formatPercent,
  formatRelative,
  relativeAge,
} from './format.js';

const NOW = Date.UTC(2024, 4, 6, 3, 0, 0); // 10:00 in Asia/Ho_Chi_Minh

describe('relativeAge', () => {
  it.each([
    [0, { kind: 'just_now' }],
    [4_999, { kind: 'just_now' }],
    [-60_000, { kind: 'just_now' }], // a clock a little ahead is not "in the future"
    [5_000, { kind: 'ago', value: 5, unit: 'second' }],
    [59_999, { kind: 'ago', value: 59, unit: 'second' }],
    [60_000, { kind: 'ago', value: 1, unit: 'minute' }],
    [3_599_999, { kind: 'ago', value: 59, unit: 'minute' }],
    [3_600_000, { kind: 'ago', value: 1, unit: 'hour' }],
    [86_400_000 * 3 + 5, { kind: 'ago', value: 3, unit: 'day' }],
  ] as const)('age %i ms → %o', (ageMs, expected) => {
    expect(relativeAge(NOW - ageMs, NOW)).toEqual(expected);
  });
});

describe('formatRelative', () => {
  it.each([
    ['vi', 2_000, 'vừa xong'],
    ['vi', 42_000, '42 giây trước'],
    ['vi', 3 * 60_000, '3 phút trước'],
    ['vi', 2 * 86_400_000, '2 ngày trước'],
    ['en', 2_000, 'just now'],
    ['en', 42_000, '42 seconds ago'],
    ['en', 60_000, '1 minute ago'],
    ['en', 5 * 3_600_000, '5 hours ago'],
  ] as const)('%s, age %i ms → %s', (locale, ageMs, expected) => {
    const justNow = locale === 'vi' ? 'vừa xong' : 'just now';
    expect(formatRelative(NOW - ageMs, NOW, locale, justNow)).toBe(expected);
  });
});

describe('absolute formats', () => {
  it('shows times in Asia/Ho_Chi_Minh whatever the machine zone', () => {
    expect(formatDateTime(NOW, 'vi')).toContain('10:00:00');
    expect(formatDateTime(NOW, 'en')).toContain('10:00:00');
    expect(formatDateTime(NOW, 'en')).toContain('06/05/2024');
  });

  it('uses the locale decimal separator', () => {
    expect(formatNumber(12.34, 'vi')).toBe('12,3');
    expect(formatNumber(12.34, 'en')).toBe('12.3');
  });
});

describe('formatDuration / formatAxisTime / formatPercent', () => {
  it.each([
    ['vi', 42_000, '42 giây'],
    ['vi', 3_900_000, '1 giờ 5 phút'],
    ['vi', 90_061_000, '1 ngày 1 giờ'],
    ['en', 3_900_000, '1 hour 5 minutes'],
  ] as const)('%s %i ms → %s', (locale, ms, text) => {
    expect(formatDuration(ms, locale)).toBe(text);
  });

  it('labels axes in the city time zone', () => {
    expect(formatAxisTime(NOW, 3600_000, 'vi')).toBe('10:00');
    expect(formatAxisTime(NOW, 7 * 86_400_000, 'vi')).toMatch(/^06\D05$/);
    expect(formatPercent(0.995, 'vi')).toBe('99,5%');
  });
});
