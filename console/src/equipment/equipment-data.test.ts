import type { StationView } from '@wardwatch/shared';
import { describe, expect, it } from 'vitest';
import type { StoredRecordItem } from '../api/types.js';
import {
  categoryTotals,
  cellState,
  deviceStatesByWard,
  equipmentFromApi,
  equipmentFromRecords,
} from './equipment-data.js';

const T0 = Date.UTC(2024, 0, 1);
const station = (id: string, wardId: string, online: boolean): StationView => ({
  id,
  wardId,
  hostname: id,
  online,
  lastSeenAt: online ? T0 + 100 : T0,
  lastRttMs: null,
  lastProbeOk: null,
});
const peripherals = (stationId: string, t: number, categories: string[]): StoredRecordItem => ({
  stationId,
  kind: 'peripherals',
  at: t,
  t,
  devices: categories.map((category, i) => ({ vid: `${i}`, pid: '1', category })),
});

describe('cellState', () => {
  it.each([
    [{ required: 1, presentNow: 1, everSeen: 1 }, 'present'],
    [{ required: 2, presentNow: 1, everSeen: 2 }, 'missing'],
    [{ required: 1, presentNow: 0, everSeen: 1 }, 'missing'],
    [{ required: 1, presentNow: 0, everSeen: 0 }, 'gap'],
    [{ required: 0, presentNow: 0, everSeen: 0 }, 'gap'],
  ] as const)('%o → %s', (cell, state) => {
    expect(cellState(cell)).toBe(state);
  });
});

describe('equipmentFromRecords', () => {
  const wards = [
    { id: 'a', name: 'A' },
    { id: 'b', name: 'B' },
  ];
  const stations = [station('s1', 'a', true), station('s2', 'b', false)];
  const records = [
    peripherals('s1', T0, ['fingerprint', 'card_reader']),
    peripherals('s1', T0 + 60_000, ['card_reader', 'other']), // reader unplugged since
    peripherals('s2', T0, ['card_reader']),
  ];
  const cells = equipmentFromRecords(wards, stations, records);
  const cell = (wardId: string, category: string) =>
    cells.find((c) => c.wardId === wardId && c.category === category);

  it('takes now from the latest list and ever-seen from any list', () => {
    expect(cell('a', 'fingerprint')).toMatchObject({
      presentNow: 0,
      everSeen: 1,
      lastSeenAt: T0,
    });
    expect(cell('a', 'card_reader')).toMatchObject({ presentNow: 1, lastSeenAt: T0 + 60_000 });
    expect(cell('a', 'scanner')).toMatchObject({ presentNow: 0, everSeen: 0, lastSeenAt: null });
    expect(cell('b', 'workstation')).toMatchObject({ presentNow: 0, everSeen: 1 });
    expect(cell('a', 'workstation')).toMatchObject({ presentNow: 1, lastSeenAt: T0 + 100 });
  });

  it('summarises per category and per ward for the tiles', () => {
    const totals = categoryTotals(cells);
    expect(totals.find((t) => t.category === 'scanner')).toEqual({
      category: 'scanner',
      present: 0,
      missing: 0,
      gap: 2,
      wards: 2,
    });
    expect(totals.find((t) => t.category === 'fingerprint')).toMatchObject({ missing: 1, gap: 1 });
    const a = deviceStatesByWard(cells).get('a');
    expect(a && Object.fromEntries(a)).toEqual({
      fingerprint: 'missing',
      scanner: 'gap',
      card_reader: 'present',
    });
  });
});

describe('equipmentFromApi', () => {
  it('reads items or the report shape, and rejects anything else', () => {
    const item = { wardId: 'a', category: 'scanner', required: 1, presentNow: 0, everSeen: 0 };
    expect(equipmentFromApi({ items: [item, { wardId: 'a', category: 'toaster' }] })).toEqual([
      { ...item, lastSeenAt: null },
    ]);
    const rest = { category: 'scanner', required: 1, presentNow: 0, everSeen: 0 };
    expect(equipmentFromApi({ wards: [{ wardId: 'a', equipment: [rest] }] })).toEqual([
      { ...item, lastSeenAt: null },
    ]);
    expect(equipmentFromApi('nope')).toBeNull();
    expect(equipmentFromApi({})).toBeNull();
  });
});
