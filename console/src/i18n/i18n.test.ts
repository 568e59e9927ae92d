import { describe, expect, it } from 'vitest';
import { CATALOGS, fill, LOCALES, parseLocale, placeholders, translate } from './i18n.js';

describe('catalogs', () => {
  const viKeys = Object.keys(CATALOGS.vi).sort();

  it.each(LOCALES)('%s has exactly the Vietnamese keys', (locale) => {
    expect(Object.keys(CATALOGS[locale]).sort()).toEqual(viKeys);
  });

  it.each(LOCALES)('%s has no empty or blank strings', (locale) => {
    const blank = Object.entries(CATALOGS[locale]).filter(([, text]) => text.trim() === '');
    expect(blank).toEqual([]);
  });

  it('every key uses the same placeholders in both languages', () => {
    const mismatched = viKeys.filter((key) => {
      const k = key as keyof typeof CATALOGS.vi;
      return placeholders(CATALOGS.vi[k]).join() !== placeholders(CATALOGS.en[k]).join();
    });
    expect(mismatched).toEqual([]);
  });

  it('Vietnamese carries its diacritics (NFC) for the status words', () => {
    expect(CATALOGS.vi['station.online']).toBe('Trực tuyến');
    expect(CATALOGS.vi['station.offline']).toBe('Mất kết nối');
    for (const text of Object.values(CATALOGS.vi)) expect(text).toBe(text.normalize('NFC'));
  });
});

describe('fill / translate / parseLocale', () => {
  it('fills named placeholders and leaves unknown ones', () => {
    expect(fill('{online}/{total} x {other}', { online: 3, total: 23 })).toBe('3/23 x {other}');
  });

  it('translates with parameters', () => {
    expect(translate('vi', 'board.summary', { online: 1, total: 2 })).toBe('1/2 trạm trực tuyến');
    expect(translate('en', 'board.summary', { online: 1, total: 2 })).toBe('1/2 stations online');
  });

  it.each([
    ['vi', 'vi'],
    ['en', 'en'],
    ['fr', 'vi'],
    [null, 'vi'],
    [undefined, 'vi'],
  ] as const)('parseLocale(%s) = %s', (input, expected) => {
    expect(parseLocale(input)).toBe(expected);
  });
});
