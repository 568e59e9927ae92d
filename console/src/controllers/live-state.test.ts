import type { ConsoleMessage, Incident, StationView } from '@wardwatch/shared';
import { describe, expect, it } from 'vitest';
import {
  applyConsoleMessage,
  applyIncident,
  parseConsoleMessage,
  snapshotIncidents,
} from './live-state.js';

const T0 = Date.UTC(2024, 0, 1);
const station = (id: string, online: boolean): StationView => ({
  id,
  wardId: 'tran-phu',
  hostname: `pc-${id}`,
  online,
  lastSeenAt: online ? T0 : null,
  lastRttMs: online ? 12.5 : null,
  lastProbeOk: online ? true : null,
});

describe('parseConsoleMessage', () => {
  it('accepts a snapshot and a station update', () => {
    const snap = { v: 1, type: 'snapshot', serverTime: T0, stations: [station('a', true)] };
    expect(parseConsoleMessage(JSON.stringify(snap))).toEqual(snap);
    const upd = { v: 1, type: 'station', serverTime: T0, station: station('a', false) };
    expect(parseConsoleMessage(JSON.stringify(upd))).toEqual(upd);
  });

  it.each([
    ['not json', '{'],
    ['not an object', '42'],
    ['wrong version', JSON.stringify({ v: 2, type: 'snapshot', serverTime: T0, stations: [] })],
    ['unknown type', JSON.stringify({ v: 1, type: 'nope', serverTime: T0 })],
    ['bad station', JSON.stringify({ v: 1, type: 'station', serverTime: T0, station: { id: 1 } })],
    ['no serverTime', JSON.stringify({ v: 1, type: 'snapshot', stations: [] })],
  ])('drops %s', (_name, text) => {
    expect(parseConsoleMessage(text)).toBeNull();
  });
});

describe('applyConsoleMessage', () => {
  it('a snapshot replaces the map', () => {
    const before = new Map([['old', station('old', true)]]);
    const after = applyConsoleMessage(before, {
      v: 1,
      type: 'snapshot',
      serverTime: T0,
      stations: [station('a', true), station('b', false)],
    });
    expect([...after.keys()]).toEqual(['a', 'b']);
    expect(before.has('old')).toBe(true); // not mutated
  });

  it('a station update replaces one entry and keeps the others', () => {
    const before = new Map([
      ['a', station('a', true)],
      ['b', station('b', true)],
    ]);
    const after = applyConsoleMessage(before, {
      v: 1,
      type: 'station',
      serverTime: T0,
      station: station('a', false),
    });
    expect(after.get('a')?.online).toBe(false);
    expect(after.get('b')?.online).toBe(true);
    expect(before.get('a')?.online).toBe(true);
  });

  it('a station update for an unknown id adds it', () => {
    const after = applyConsoleMessage(new Map(), {
      v: 1,
      type: 'station',
      serverTime: T0,
      station: station('new', true),
    });
    expect(after.size).toBe(1);
  });
});

describe('incident messages', () => {
  const incident: Incident = {
    id: 7,
    kind: 'station_offline',
    wardId: 'tran-phu',
    startedAt: T0,
    endedAt: null,
    attribution: 'station_down',
    severity: 'critical',
    acknowledged: false,
    acknowledgedBy: null,
    acknowledgedAt: null,
    evidence: {},
    detail: {},
  };

  it('parses an incident push and drops a malformed one', () => {
    const msg = { v: 1, type: 'incident', serverTime: T0, change: 'opened', incident };
    expect(parseConsoleMessage(JSON.stringify(msg))).toEqual(msg);
    const bad = { v: 1, type: 'incident', serverTime: T0, incident: { id: 'x' } };
    expect(parseConsoleMessage(JSON.stringify(bad))).toBeNull();
  });

  it('keeps open incidents and drops closed or retracted ones', () => {
    const opened = applyIncident(new Map(), 'opened', incident);
    expect([...opened.keys()]).toEqual([7]);
    expect(applyIncident(opened, 'closed', { ...incident, endedAt: T0 + 1000 }).size).toBe(0);
    expect(applyIncident(opened, 'retracted', incident).size).toBe(0);
    expect(opened.size).toBe(1);
  });

  it('reads the open incidents a snapshot carries', () => {
    const snap: ConsoleMessage = {
      v: 1,
      type: 'snapshot',
      serverTime: T0,
      stations: [],
      openIncidents: [incident],
    };
    expect([...(snapshotIncidents(snap) ?? new Map()).keys()]).toEqual([7]);
    expect(snapshotIncidents({ v: 1, type: 'snapshot', serverTime: T0, stations: [] })).toBeNull();
  });
});
