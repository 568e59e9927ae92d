import type { StationView, Ward } from '@wardwatch/shared';
import { describe, expect, it } from 'vitest';
import { filterWards, foldForSearch, groupByWard, summarize } from './board-data.js';

const wards: Ward[] = [
  { id: 'tran-phu', name: 'Phường Trần Phú' },
  { id: 'tinh-an-tay', name: 'Xã Tịnh Ấn Tây' },
  { id: 'tinh-an-dong', name: 'Xã Tịnh Ấn Đông' },
];
const st = (id: string, wardId: string, online: boolean, hostname = `pc-${id}`): StationView => ({
  id,
  wardId,
  hostname,
  online,
  lastSeenAt: null,
  lastRttMs: null,
  lastProbeOk: null,
});

describe('groupByWard', () => {
  it('keeps the ward order, sorts stations by hostname, counts online', () => {
    const groups = groupByWard(wards, [
      st('b', 'tinh-an-tay', false, 'zeta'),
      st('a', 'tinh-an-tay', true, 'alpha'),
      st('c', 'tran-phu', true),
    ]);
    expect(groups.map((g) => [g.id, g.online, g.stations.map((s) => s.hostname)])).toEqual([
      ['tran-phu', 1, ['pc-c']],
      ['tinh-an-tay', 1, ['alpha', 'zeta']],
      ['tinh-an-dong', 0, []],
    ]);
  });

  it('shows a station of an unknown ward under its ward id, after the known wards', () => {
    const groups = groupByWard(wards, [st('x', 'new-ward', true)]);
    expect(groups.at(-1)).toMatchObject({ id: 'new-ward', name: 'new-ward', online: 1 });
  });
});

describe('summarize', () => {
  it('counts online and total', () => {
    expect(summarize([st('a', 'w', true), st('b', 'w', false), st('c', 'w', true)])).toEqual({
      online: 2,
      total: 3,
    });
    expect(summarize([])).toEqual({ online: 0, total: 0 });
  });
});

describe('search', () => {
  it.each([
    ['Tịnh Ấn Đông', 'tinh an dong'],
    ['  ĐÔNG   Hà ', 'dong ha'],
  ])('folds %s to %s', (input, folded) => {
    expect(foldForSearch(input)).toBe(folded);
  });

  const groups = groupByWard(wards, [st('s1', 'tran-phu', true, 'PC-TRANPHU-01')]);
  it.each([
    ['', ['tran-phu', 'tinh-an-tay', 'tinh-an-dong']],
    ['tịnh ấn', ['tinh-an-tay', 'tinh-an-dong']],
    ['tinh an dong', ['tinh-an-dong']],
    ['TRẦN', ['tran-phu']],
    ['tranphu-01', ['tran-phu']],
    ['nowhere', []],
  ])('query %j finds %j', (query, ids) => {
    expect(filterWards(groups, query).map((g) => g.id)).toEqual(ids);
  });
});
