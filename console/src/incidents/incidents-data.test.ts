import { describe, expect, it } from 'vitest';
import type { IncidentItem } from '../api/types.js';
import {
  applyFilters,
  DEFAULT_FILTERS,
  filtersFromSearch,
  filtersToQuery,
  filtersToSearch,
  incidentDurationMs,
  mergeIncidents,
  sortIncidents,
} from './incidents-data.js';

const T0 = Date.UTC(2024, 0, 10);
const DAY = 86_400_000;
const ids: Record<string, number> = {};
const incident = (name: string, over: Partial<IncidentItem> = {}): IncidentItem => ({
  id: (ids[name] ??= Object.keys(ids).length + 1),
  kind: 'link_down',
  wardId: 'a',
  startedAt: T0 - DAY,
  endedAt: null,
  attribution: 'upstream',
  severity: 'warning',
  acknowledged: false,
  ...over,
});

describe('filters in the URL', () => {
  it('round-trips and falls back to defaults for unknown values', () => {
    const f = {
      ward: 'a',
      kind: 'link_down',
      attribution: 'upstream',
      status: 'open',
      period: '30d',
    } as const;
    expect(filtersFromSearch(filtersToSearch(f))).toEqual(f);
    expect(filtersToSearch(DEFAULT_FILTERS)).toBe('');
    expect(filtersFromSearch('?status=bogus&period=1y')).toEqual(DEFAULT_FILTERS);
  });

  it('becomes an API query', () => {
    expect(filtersToQuery({ ...DEFAULT_FILTERS, status: 'open', ward: 'a' }, T0)).toEqual({
      ward: 'a',
      open: true,
      from: T0 - 7 * DAY,
      to: T0,
    });
    expect(filtersToQuery({ ...DEFAULT_FILTERS, period: 'all', kind: 'bogus' }, T0)).toEqual({});
  });
});

describe('applyFilters / sortIncidents / merge', () => {
  const items = [
    incident('open-a'),
    incident('closed-old', { endedAt: T0 - 10 * DAY, startedAt: T0 - 11 * DAY }),
    incident('closed-b', { wardId: 'b', endedAt: T0 - DAY / 2, attribution: 'local_link' }),
  ];

  it('filters by ward, attribution, status and period', () => {
    const names = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
    const shown = (f: Partial<typeof DEFAULT_FILTERS>) =>
      applyFilters(items, { ...DEFAULT_FILTERS, ...f }, T0).map((i) => names[i.id]);
    expect(shown({})).toEqual(['open-a', 'closed-b']);
    expect(shown({ period: 'all' })).toEqual(['open-a', 'closed-old', 'closed-b']);
    expect(shown({ status: 'open' })).toEqual(['open-a']);
    expect(shown({ status: 'closed', period: 'all' })).toEqual(['closed-old', 'closed-b']);
    expect(shown({ ward: 'b' })).toEqual(['closed-b']);
    expect(shown({ attribution: 'upstream', period: 'all' })).toEqual(['open-a', 'closed-old']);
  });

  it('sorts open first then newest, and measures durations', () => {
    const names = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
    expect(sortIncidents(items).map((i) => names[i.id])).toEqual([
      'open-a',
      'closed-b',
      'closed-old',
    ]);
    expect(incidentDurationMs(items[0] as IncidentItem, T0)).toBe(DAY);
    expect(incidentDurationMs(items[1] as IncidentItem, T0)).toBe(DAY);
  });

  it('lets a live push replace the listed copy and add new open incidents', () => {
    const merged = mergeIncidents(items, [
      incident('open-a', { acknowledged: true }),
      incident('new'),
      incident('closed-unlisted', { endedAt: T0 }),
    ]);
    const names = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
    expect(merged.map((i) => [names[i.id], i.acknowledged])).toEqual([
      ['open-a', true],
      ['closed-old', false],
      ['closed-b', false],
      ['new', false],
    ]);
  });
});
