import { describe, expect, it } from 'vitest';
import {
  enrollCommand,
  formatRanges,
  fromLocalInput,
  parseHolidays,
  parseRanges,
  toLocalInput,
} from './settings-data.js';

describe('office-hour ranges', () => {
  it('round-trips', () => {
    const ranges = [
      { from: '07:00', to: '11:30' },
      { from: '13:30', to: '17:00' },
    ];
    expect(formatRanges(ranges)).toBe('07:00–11:30, 13:30–17:00');
    expect(parseRanges(formatRanges(ranges))).toEqual(ranges);
  });

  it.each([
    ['', []],
    ['7:00-11:30', [{ from: '07:00', to: '11:30' }]],
    [
      '07:00 - 11:30; 13:00—14:00',
      [
        { from: '07:00', to: '11:30' },
        { from: '13:00', to: '14:00' },
      ],
    ],
    ['11:30-07:00', null],
    ['25:00-26:00', null],
    ['morning', null],
  ] as const)('parseRanges(%j)', (text, expected) => {
    expect(parseRanges(text)).toEqual(expected);
  });

  it('reads holidays', () => {
    expect(parseHolidays('2025-01-01\n2025-04-30, 2025-05-01')).toEqual([
      '2025-01-01',
      '2025-04-30',
      '2025-05-01',
    ]);
    expect(parseHolidays('tết')).toBeNull();
  });
});

describe('datetime-local in city time', () => {
  it('converts both ways at UTC+7', () => {
    const ms = Date.UTC(2024, 0, 1, 1, 30); // 08:30 in the city
    expect(toLocalInput(ms)).toBe('2024-01-01T08:30');
    expect(fromLocalInput('2024-01-01T08:30')).toBe(ms);
    expect(fromLocalInput('')).toBeNaN();
  });
});

describe('enrollCommand', () => {
  it('names the server and the token', () => {
    expect(enrollCommand('https://ww.example', 'tok')).toBe(
      'wardwatch-agent enroll --server https://ww.example --token tok',
    );
  });
});
