import { describe, expect, it } from 'vitest';
import { periodRange, previousPeriod, reportHref } from './report-period.js';

const H7 = 7 * 3600_000;

describe('periodRange', () => {
  it('uses midnight in Asia/Ho_Chi_Minh', () => {
    expect(periodRange({ kind: 'month', year: 2024, index: 2 })).toEqual({
      fromMs: Date.UTC(2024, 1, 1) - H7,
      toMs: Date.UTC(2024, 2, 1) - H7,
    });
    expect(periodRange({ kind: 'quarter', year: 2024, index: 4 })).toEqual({
      fromMs: Date.UTC(2024, 9, 1) - H7,
      toMs: Date.UTC(2025, 0, 1) - H7,
    });
    expect(periodRange({ kind: 'year', year: 2023, index: 1 }).toMs).toBe(
      Date.UTC(2024, 0, 1) - H7,
    );
  });
});

describe('previousPeriod', () => {
  // 2024-01-01 03:00 in the city is still 2023-12-31 in UTC.
  const newYear = Date.UTC(2023, 11, 31, 20);
  it.each([
    ['month', { kind: 'month', year: 2023, index: 12 }],
    ['quarter', { kind: 'quarter', year: 2023, index: 4 }],
    ['year', { kind: 'year', year: 2023, index: 1 }],
  ] as const)('%s', (kind, expected) => {
    expect(previousPeriod(kind, newYear)).toEqual(expected);
  });

  it('mid-year', () => {
    expect(previousPeriod('quarter', Date.UTC(2024, 4, 10))).toEqual({
      kind: 'quarter',
      year: 2024,
      index: 1,
    });
  });
});

describe('reportHref', () => {
  it('builds the evidence route', () => {
    expect(reportHref({ kind: 'month', year: 2024, index: 1 }, 'csv', 'tran-phu')).toBe(
      `/api/v1/reports/evidence?from=${Date.UTC(2024, 0, 1) - H7}&to=${Date.UTC(2024, 1, 1) - H7}&format=csv&ward=tran-phu`,
    );
  });
});
