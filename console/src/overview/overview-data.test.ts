import type { StationView } from '@wardwatch/shared';
import { describe, expect, it } from 'vitest';
import type { IncidentItem } from '../api/types.js';
import type { DeviceState, PeripheralCategoryShown } from '../equipment/equipment-data.js';
import {
  buildTiles,
  cityFigures,
  filterTiles,
  sortTiles,
  TileCache,
  wardLevel,
  worstIncident,
} from './overview-data.js';

const T0 = Date.UTC(2024, 0, 1);
const station = (id: string, wardId: string, online: boolean): StationView => ({
  id,
  wardId,
  hostname: `pc-${id}`,
  online,
  lastSeenAt: T0,
  lastRttMs: online ? 10 : null,
  lastProbeOk: online,
});
let seq = 0;
const incident = (over: Partial<IncidentItem>): IncidentItem => ({
  id: ++seq,
  kind: 'link_down',
  wardId: 'a',
  startedAt: T0,
  endedAt: null,
  attribution: 'local_link',
  severity: 'warning',
  acknowledged: false,
  ...over,
});

describe('worstIncident', () => {
  it('picks the highest severity, then the longest running, and ignores closed ones', () => {
    const older = incident({ severity: 'warning', startedAt: T0 });
    const newer = incident({ severity: 'warning', startedAt: T0 + 5 });
    const closedCritical = incident({ severity: 'critical', endedAt: T0 + 9 });
    expect(worstIncident([newer, older, closedCritical])).toBe(older);
    const critical = incident({ severity: 'critical', startedAt: T0 + 50 });
    expect(worstIncident([older, critical])).toBe(critical);
    expect(worstIncident([])).toBeNull();
  });
});

describe('wardLevel', () => {
  it.each([
    [
      'critical incident',
      [station('s', 'a', true)],
      incident({ severity: 'critical' }),
      'critical',
    ],
    ['warning incident', [station('s', 'a', true)], incident({ severity: 'warning' }), 'warning'],
    ['info incident', [station('s', 'a', true)], incident({ severity: 'info' }), 'info'],
    ['no station', [], null, 'unknown'],
    ['station silent, no incident yet', [station('s', 'a', false)], null, 'critical'],
    [
      'station silent, minor incident',
      [station('s', 'a', false)],
      incident({ severity: 'info' }),
      'critical',
    ],
    ['all fine', [station('s', 'a', true)], null, 'ok'],
  ] as const)('%s', (_name, stations, worst, level) => {
    expect(wardLevel(stations, worst)).toBe(level);
  });
});

describe('buildTiles / cityFigures', () => {
  const wards = [
    { id: 'a', name: 'Phường A' },
    { id: 'b', name: 'Xã Tịnh Ấn' },
    { id: 'c', name: 'Xã C' },
  ];
  const stations = [station('1', 'a', true), station('2', 'b', false), station('3', 'x', true)];
  const open = [
    incident({ wardId: 'a', severity: 'critical', attribution: 'upstream' }),
    incident({ wardId: 'a', attribution: 'upstream' }),
    incident({ wardId: 'b', attribution: 'station_down' }),
    incident({ wardId: 'b', endedAt: T0 + 1 }),
  ];
  const tiles = buildTiles(wards, stations, open);

  it('keeps the server order and adds strays under their id', () => {
    expect(tiles.map((t) => t.id)).toEqual(['a', 'b', 'c', 'x']);
    expect(tiles.map((t) => t.level)).toEqual(['critical', 'critical', 'unknown', 'ok']);
    expect(tiles[0]?.openIncidents).toBe(2);
    expect(tiles[0]?.lastRttMs).toBe(10);
  });

  it('counts wards online and open incidents by attribution', () => {
    const city = cityFigures(tiles, open);
    expect(city).toMatchObject({
      wardsOnline: 2,
      wardsTotal: 4,
      stationsOnline: 2,
      stationsTotal: 3,
      openIncidents: 3,
    });
    expect(Object.fromEntries(city.byAttribution)).toEqual({ upstream: 2, station_down: 1 });
  });

  it('filters by search (diacritics ignored) and by level, and sorts problems first', () => {
    expect(filterTiles(tiles, 'tinh an', 'all').map((t) => t.id)).toEqual(['b']);
    expect(filterTiles(tiles, '', 'problem').map((t) => t.id)).toEqual(['a', 'b', 'c']);
    expect(filterTiles(tiles, '', 'ok').map((t) => t.id)).toEqual(['x']);
    expect(filterTiles(tiles, 'pc-3', 'all').map((t) => t.id)).toEqual(['x']);
    expect(sortTiles(tiles, 'vi').map((t) => t.id)).toEqual(['a', 'b', 'c', 'x']);
  });
});

describe('TileCache', () => {
  const wards = [
    { id: 'w1', name: 'Một' },
    { id: 'w2', name: 'Hai' },
  ];
  const s1 = {
    id: 's1',
    wardId: 'w1',
    hostname: 'a',
    online: true,
    lastSeenAt: 1,
    lastRttMs: 5,
    lastProbeOk: true,
  };
  const s2 = { ...s1, id: 's2', wardId: 'w2', hostname: 'b' };

  it('keeps the tile object of every ward whose inputs did not change', () => {
    const cache = new TileCache();
    const first = cache.build(wards, [s1, s2], []);
    const same = cache.build(wards, [s1, s2], []);
    expect(same[0]).toBe(first[0]);
    expect(same[1]).toBe(first[1]);
    const s2b = { ...s2, online: false };
    const next = cache.build(wards, [s1, s2b], []);
    expect(next[0]).toBe(first[0]);
    expect(next[1]).not.toBe(first[1]);
    expect(next[1]?.level).toBe('critical');
  });

  it('an equipment poll with the same device states keeps the tiles', () => {
    const cache = new TileCache();
    const devices = () =>
      new Map([['w1', new Map<PeripheralCategoryShown, DeviceState>([['scanner', 'present']])]]);
    const first = cache.build(wards, [s1, s2], [], devices());
    expect(cache.build(wards, [s1, s2], [], devices())[0]).toBe(first[0]);
  });

  it('builds what buildTiles builds', () => {
    const cache = new TileCache();
    expect(cache.build(wards, [s1, s2], [])).toEqual(buildTiles(wards, [s1, s2], []));
  });
});
