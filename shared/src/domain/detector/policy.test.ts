import { describe, expect, it } from 'vitest';
import { equipmentChangedWards, type DetectorSettings } from './policy.js';

const base: DetectorSettings = {
  global: { link: { openAfter: 4 } },
  wards: { 'tinh-an': { equipment: { scanner: 0 } }, 'tran-phu': { link: { openAfter: 5 } } },
};

describe('equipmentChangedWards', () => {
  it.each<[string, DetectorSettings, 'all' | string[]]>([
    ['nothing changed', base, []],
    ['another section changed', { ...base, global: { link: { openAfter: 9 } } }, []],
    [
      'a ward override was added',
      { ...base, wards: { ...base.wards, 'tran-phu': { equipment: { fingerprint: 2 } } } },
      ['tran-phu'],
    ],
    ['a ward override was removed', { ...base, wards: {} }, ['tinh-an']],
    [
      'a ward override restates the inherited value',
      { ...base, wards: { ...base.wards, 'tran-phu': { equipment: { scanner: 1 } } } },
      [],
    ],
    [
      'the global requirement changed',
      { ...base, global: { equipment: { card_reader: 2 } } },
      'all',
    ],
  ])('%s', (_, after, expected) => {
    expect(equipmentChangedWards(base, after)).toEqual(expected);
  });
});
