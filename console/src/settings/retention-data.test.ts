import { describe, expect, it } from 'vitest';
import { approxSpan, formatRetention, parseRetention, retentionMax } from './retention-data.js';

const draft = (rawDays: string, rollup5mDays: string, historyDays: string) => ({
  rawDays,
  rollup5mDays,
  historyDays,
});

describe('parseRetention', () => {
  it('round-trips the defaults and accepts equal neighbours', () => {
    const defaults = { rawDays: 30, rollup5mDays: 92, historyDays: 1096 };
    expect(parseRetention(formatRetention(defaults))).toEqual({ policy: defaults });
    expect(parseRetention(draft(' 7 ', '7', '7'))).toEqual({
      policy: { rawDays: 7, rollup5mDays: 7, historyDays: 7 },
    });
  });

  it('takes its bounds from the shared schema', () => {
    expect(retentionMax('rawDays')).toBe(3650);
    expect(retentionMax('historyDays')).toBe(36500);
    expect(parseRetention(draft('3650', '3650', '36500'))).toHaveProperty('policy');
  });

  it.each([
    ['', '92', '1096', 'rawDays'],
    ['0', '92', '1096', 'rawDays'],
    ['-3', '92', '1096', 'rawDays'],
    ['1.5', '92', '1096', 'rawDays'],
    ['1e2', '92', '1096', 'rawDays'],
    ['3651', '3651', '3651', 'rawDays'],
    ['30', 'abc', '1096', 'rollup5mDays'],
    ['30', '92', '36501', 'historyDays'],
  ])('"%s" / "%s" / "%s" is not a whole day count in range at %s', (r, f, h, field) => {
    const out = parseRetention(draft(r, f, h));
    expect(out).toEqual({
      problem: { kind: 'notWhole', field, max: retentionMax(field as 'rawDays') },
    });
  });

  it.each([
    ['30', '10', '1096', 'rollup5mDays', 'rawDays', 30],
    ['30', '92', '60', 'historyDays', 'rollup5mDays', 92],
    ['30', '20', '10', 'rollup5mDays', 'rawDays', 30],
  ])('%s / %s / %s: %s shorter than %s', (r, f, h, field, finer, finerDays) => {
    expect(parseRetention(draft(r, f, h))).toEqual({
      problem: { kind: 'order', field, finer, finerDays },
    });
  });
});

describe('approxSpan', () => {
  it.each([
    [1, null],
    [27, null],
    [30, { unit: 'months', n: 1 }],
    [92, { unit: 'months', n: 3 }],
    [364, { unit: 'months', n: 12 }],
    [365, { unit: 'years', n: 1 }],
    [548, { unit: 'years', n: 1.5 }],
    [1096, { unit: 'years', n: 3 }],
    [Number.NaN, null],
  ])('%d days → %j', (days, expected) => {
    expect(approxSpan(days)).toEqual(expected);
  });
});
